using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Core.Coin;
using DumboFL.Core.Hashing;

namespace DumboFL.Runner.Cluster;

/// <summary>Writes cluster.json in the layout of docs/NODE.md, replacing any old file by rename so a reader sees the old or the new file, never half of one.</summary>
internal static class ClusterFileWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string directory, Hash32 clusterId, int nodesPerShard, IReadOnlyList<ClusterNode> nodes,
        IReadOnlyList<string> clients, IReadOnlyList<CoinKeySet> coinKeys)
    {
        var json = new JsonObject
        {
            ["version"] = ClusterFileReader.Version,
            ["cluster_id"] = clusterId.ToHex(),
            ["shards"] = coinKeys.Count,
            ["nodes_per_shard"] = nodesPerShard,
            ["clients"] = new JsonArray(clients.Select(c => (JsonNode?)c).ToArray()),
            ["coin"] = new JsonArray(coinKeys.Select((keys, shard) => (JsonNode?)new JsonObject
            {
                ["shard"] = shard,
                ["key_set"] = Convert.ToHexStringLower(keys.Encode()),
            }).ToArray()),
            ["nodes"] = new JsonArray(nodes.Select(node => (JsonNode?)new JsonObject
            {
                ["id"] = node.Id,
                ["shard"] = node.Shard,
                ["index"] = node.Index,
                ["host"] = node.Host,
                ["port"] = node.Port,
                ["api_port"] = node.ApiPort,
                ["public_key"] = node.PublicKey.ToHex(),
                ["coin_verification_key"] = Convert.ToHexStringLower(node.CoinVerificationKey),
            }).ToArray()),
        };
        var path = Path.Combine(directory, ClusterFile.FileName);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, json.ToJsonString(Indented) + Environment.NewLine);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
