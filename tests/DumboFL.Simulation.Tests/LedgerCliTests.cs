using System.Text.Json;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using DumboFL.Runner.Commands;

namespace DumboFL.Simulation.Tests;

public class LedgerCliTests
{
    private string _data = "";

    [SetUp]
    public void CreateDataDirectory()
    {
        _data = Path.Combine(Path.GetTempPath(), "dumbofl-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
    }

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_data, recursive: true);

    /// <summary>Writes <paramref name="blocks"/> real blocks through the applier; returns one entry id per block.</summary>
    private List<Hash32> WriteLedger(int blocks, Action<SqliteLedgerStore>? after = null)
    {
        using var store = SqliteLedgerStore.Open(LedgerDirectory.LedgerPath(_data));
        var state = new LedgerState(store, 0, 1, c => c == "client-1");
        var applier = new BlockApplier(store, state, new EntryValidator(LedgerRules.Default));
        var ids = new List<Hash32>();
        for (var i = 0; i < blocks; i++)
        {
            var payload = new Payload(BitConverter.GetBytes(i));
            var update = new ModelUpdate(0, "client-1", Hash32.Of([(byte)i]), 1, 10);
            applier.Apply((ulong)i, Hash32.Of([(byte)i]), i == 0 ? [payload.Encode(), update.Encode()] : [payload.Encode()]);
            ids.Add(payload.Id);
        }
        after?.Invoke(store);
        return ids;
    }

    [Test]
    public void Verify_accepts_a_sound_ledger_and_reports_its_head()
    {
        WriteLedger(5);
        var run = CliRun.Of("verify", "--data", _data, "--json");
        using var json = JsonDocument.Parse(run.Out);
        using var store = SqliteLedgerStore.Open(LedgerDirectory.LedgerPath(_data));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(json.RootElement.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(json.RootElement.GetProperty("height").GetUInt64(), Is.EqualTo(4UL));
            Assert.That(json.RootElement.GetProperty("hash").GetString(), Is.EqualTo(store.GetHeader(4)!.Hash.ToHex()));
            Assert.That(json.RootElement.GetProperty("errors").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public void Verify_names_the_first_block_whose_roots_do_not_match_its_entries()
    {
        WriteLedger(3, store =>
        {
            // A block whose header claims a root its entries do not have (the store does not recompute roots).
            var honest = BlockBuilder.Build(0, 3, 3, store.GetHeader(2)!.Hash, Hash32.Zero, [new Payload([0xEE])]);
            var forged = honest with { Header = honest.Header with { TopRoot = Hash32.Of([1]) } };
            store.Append(forged);
        });
        var run = CliRun.Of("verify", "--data", _data, "--json");
        using var json = JsonDocument.Parse(run.Out);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(json.RootElement.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(run.Error, Does.Contain("from height 3"));
            Assert.That(json.RootElement.GetProperty("errors")[0].GetString(), Does.StartWith("height 3: top root"));
        });
    }

    [Test]
    public void Verify_up_to_a_height_reports_that_header()
    {
        WriteLedger(4);
        var run = CliRun.Of("verify", "--data", _data, "--height", "1", "--json");
        using var json = JsonDocument.Parse(run.Out);
        using var store = SqliteLedgerStore.Open(LedgerDirectory.LedgerPath(_data));
        Assert.That(json.RootElement.GetProperty("hash").GetString(), Is.EqualTo(store.GetHeader(1)!.Hash.ToHex()));
    }

    [Test]
    public void Proof_prints_a_proof_that_verifies_against_the_header()
    {
        var ids = WriteLedger(3);
        var run = CliRun.Of("proof", "--data", _data, "--entry", ids[0].ToHex(), "--json");
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(root.GetProperty("height").GetUInt64(), Is.Zero);
            Assert.That(root.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("group").GetProperty("kind").GetString(), Is.EqualTo("Payload"));
            Assert.That(root.GetProperty("top_proof").GetProperty("tree_size").GetInt64(), Is.EqualTo(2), "two groups in block 0");
        });
    }

    [TestCase("verify", "--data", "/nonexistent/dumbofl")]
    [TestCase("proof", "--data", "/nonexistent/dumbofl", "--entry", "00")]
    [TestCase("verify")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.StartWith("dumbofl"));
        });
    }

    [Test]
    public void Proof_of_an_unknown_entry_exits_1()
    {
        WriteLedger(1);
        var run = CliRun.Of("proof", "--data", _data, "--entry", Hash32.Of([9, 9]).ToHex());
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
    }
}
