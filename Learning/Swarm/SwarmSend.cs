namespace DumboFL.Learning.Swarm;

/// <summary>A message the swarm engine wants sent to a neighbour; the node's transport does the sending.</summary>
public readonly record struct SwarmSend(string Peer, SwarmMessage Message);
