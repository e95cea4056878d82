using DumboFL.Core.Hashing;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Tests.Storage;

// Usage: LedgerCrashWriter DB_PATH
// Opens (resuming) the ledger and appends TestChain.CrashBlock(h) for h = tip+1, tip+2, … until killed, printing
// "ready H" once open and "committed H" after each Append returns. The crash test kills it with SIGKILL.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: LedgerCrashWriter DB_PATH");
    return 2;
}

// The test holds our stdin open; end of stdin means it is gone, and an orphan must not fill the disk.
var orphanWatch = new Thread(() =>
{
    while (Console.In.Read() >= 0)
    {
    }
    Environment.Exit(3);
})
{ IsBackground = true };
orphanWatch.Start();

using var store = SqliteLedgerStore.Open(args[0]);
var tip = store.Height;
var previous = tip is { } h ? store.GetHeader(h)!.Hash : Hash32.Zero;
var next = tip is { } t ? t + 1 : 0UL;
Console.WriteLine($"ready {tip?.ToString() ?? "-"}");
while (true)
{
    var block = TestChain.CrashBlock(next, previous);
    store.Append(block);
    Console.WriteLine($"committed {next}");
    previous = block.Header.Hash;
    next++;
}
