using DumboFL.Ledger.Entries;

namespace DumboFL.Simulator;

/// <summary>
/// The cross-shard txs of a run: for every shard, a share <see cref="SimulationOptions.CrossShard"/> of its load's size
/// in txs whose first input is that shard, with one to three input shards and an output shard anywhere (never a single
/// input equal to the output: that is an intra-shard tx, already in the ordinary load). Each input leg is invalid with
/// probability <see cref="SimulationOptions.Invalid"/>. A tx goes to f+1 nodes of each of its input shards (so at least
/// one honest node holds it), due after a random number of that node's committed epochs below E. A valid leg is expected
/// committed when every leg of its tx is valid, committed at most once otherwise (an abort that commits first purges it).
/// </summary>
public static class CrossShardLoad
{
    public static IReadOnlyList<CrossShardTx> Create(SimulationOptions options, IReadOnlyList<ShardLoad> loads)
    {
        var shards = options.Shards;
        var txs = new List<CrossShardTx>();
        for (var origin = 0; origin < shards; origin++)
        {
            var random = DeterministicRandom.For(options.Seed, "cross-shard-load", origin);
            var count = (int)Math.Round(options.CrossShard * loads[origin].Expectations.Count, MidpointRounding.AwayFromZero);
            for (var i = 0; i < count; i++)
            {
                var inputCount = 1 + random.Next(Math.Min(3, shards));
                var others = random.Shuffle(Enumerable.Range(0, shards).Where(s => s != origin)).Take(inputCount - 1);
                var inputs = new[] { (uint)origin }.Concat(others.Select(s => (uint)s)).ToArray();
                var output = (uint)random.Next(shards);
                if (inputs.Length == 1 && output == inputs[0])
                {
                    output = (output + 1 + (uint)random.Next(shards - 1)) % (uint)shards;
                }
                var valid = inputs.Select(_ => !random.Chance(options.Invalid)).ToArray();
                var tx = new CrossShardTx(random.NextHash(), inputs, valid, output, false, random.NextBytes(Math.Max(8, options.TxSize)));
                txs.Add(tx);
                var bytes = tx.Encode();
                for (var leg = 0; leg < inputs.Length; leg++)
                {
                    var load = loads[(int)inputs[leg]];
                    // A valid leg of a tx that aborts is locked only if its shard cuts it before the abort commits there.
                    var expectation = !valid[leg] ? Expectation.Purge : valid.All(v => v) ? Expectation.Commit : Expectation.AtMostOnce;
                    foreach (var node in random.Shuffle(Enumerable.Range(0, options.Nodes)).Take(options.F + 1))
                    {
                        load.Add(node, bytes, expectation, (ulong)random.Next(options.Epochs));
                    }
                }
            }
        }
        return txs;
    }
}
