using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Tests.Book;

/// <summary>An <see cref="UpdateHeld"/> counts only from a node of this shard, for an update committed here, signed.</summary>
public sealed class UpdateHeldValidationTests : IDisposable
{
    private readonly NodeKey[] _keys = [.. Enumerable.Range(0, 4).Select(_ => NodeKey.Generate())];
    private readonly NodeKey _outsider = NodeKey.Generate();

    public void Dispose()
    {
        foreach (var key in _keys.Append(_outsider))
        {
            key.Dispose();
        }
    }

    private (LedgerState State, EntryValidator Validator, BlockApplier Applier, CrossShardKeys Keys) Ledger()
    {
        var store = new InMemoryLedgerStore();
        var state = new LedgerState(store, 0, 2, c => c.StartsWith("client-", StringComparison.Ordinal));
        var committee = new Committee(_keys.Select(k => k.PublicKey));
        var keys = new CrossShardKeys(Hash32.Of([42]), [committee, committee]);
        var validator = new EntryValidator(LedgerRules.Default, keys);
        return (state, validator, new BlockApplier(store, state, validator), keys);
    }

    [Test]
    public void A_signed_statement_of_a_committed_update_passes_and_every_flaw_has_its_reason()
    {
        var (state, validator, applier, keys) = Ledger();
        var root = Hash32.Of([7]);
        var domain = keys.Domain(0);
        var good = UpdateHeld.Sign(domain, 2, _keys[2], 0, "client-1", root);
        Assert.That(validator.Validate(good, state), Is.EqualTo(InvalidReason.NotCertified), "no committed update yet");

        applier.Apply(0, Hash32.Zero, [new ModelUpdate(0, "client-1", root, 1, 10).Encode()]);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Validate(good, state), Is.Null);
            Assert.That(validator.Validate(good with { Holder = 1 }, state), Is.EqualTo(InvalidReason.BadCertificate), "signed by another node");
            Assert.That(validator.Validate(good with { Holder = 4 }, state), Is.EqualTo(InvalidReason.BadCertificate), "no such node");
            Assert.That(validator.Validate(good with { UpdateRoot = Hash32.Of([8]) }, state), Is.EqualTo(InvalidReason.BadCertificate), "the signature covers the root");
            Assert.That(validator.Validate(UpdateHeld.Sign(domain, 2, _outsider, 0, "client-1", root), state), Is.EqualTo(InvalidReason.BadCertificate));
            Assert.That(validator.Validate(UpdateHeld.Sign(keys.Domain(1), 2, _keys[2], 0, "client-1", root), state), Is.EqualTo(InvalidReason.WrongShard));
            Assert.That(validator.Validate(UpdateHeld.Sign(domain, 2, _keys[2], 0, "stranger", root), state), Is.EqualTo(InvalidReason.UnknownClient));
        });
        applier.Apply(1, Hash32.Zero, [good.Encode()]);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Validate(good, state), Is.EqualTo(InvalidReason.Duplicate));
            // The same holder signing again gives other bytes (ECDSA is randomised): still one statement per holder.
            Assert.That(validator.Validate(UpdateHeld.Sign(domain, 2, _keys[2], 0, "client-1", root), state), Is.EqualTo(InvalidReason.Duplicate));
            Assert.That(validator.Validate(UpdateHeld.Sign(domain, 3, _keys[3], 0, "client-1", root), state), Is.Null, "another holder");
        });
        // Two statements of one holder in one block: the second is purged.
        var applied = applier.Apply(2, Hash32.Zero, [UpdateHeld.Sign(domain, 1, _keys[1], 0, "client-1", root).Encode(), UpdateHeld.Sign(domain, 1, _keys[1], 0, "client-1", root).Encode()]);
        Assert.That(applied.Block!.Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public void An_aggregate_is_taken_only_once_n_minus_f_updates_have_f_plus_1_holders()
    {
        var store = new InMemoryLedgerStore();
        string[] clients = ["client-0", "client-1", "client-2", "client-3"];
        var state = new LedgerState(store, 0, 1, clients.Contains, clients);
        var committee = new Committee(_keys.Select(k => k.PublicKey));
        var keys = new CrossShardKeys(Hash32.Of([42]), [committee]);
        var validator = new EntryValidator(LedgerRules.Default, keys);
        var applier = new BlockApplier(store, state, validator);
        var aggregate = new Aggregate(0, 0, Hash32.Of([1]), 30);
        var roots = clients.Select(c => Hash32.Of(System.Text.Encoding.UTF8.GetBytes(c))).ToArray();
        applier.Apply(0, Hash32.Zero, [.. clients.Select((c, i) => new ModelUpdate(0, c, roots[i], 1, 10).Encode())]);
        Assert.That(validator.Validate(aggregate, state), Is.EqualTo(InvalidReason.NotCertified), "nothing vouched for");

        // Two holders for clients 0 and 1, one for client 2, and a second one for client 2 with another root: 2 available.
        var domain = keys.Domain(0);
        applier.Apply(1, Hash32.Zero, [
            UpdateHeld.Sign(domain, 0, _keys[0], 0, "client-0", roots[0]).Encode(), UpdateHeld.Sign(domain, 1, _keys[1], 0, "client-0", roots[0]).Encode(),
            UpdateHeld.Sign(domain, 1, _keys[1], 0, "client-1", roots[1]).Encode(), UpdateHeld.Sign(domain, 2, _keys[2], 0, "client-1", roots[1]).Encode(),
            UpdateHeld.Sign(domain, 2, _keys[2], 0, "client-2", roots[2]).Encode(), UpdateHeld.Sign(domain, 3, _keys[3], 0, "client-2", roots[0]).Encode(),
        ]);
        Assert.That(state.AvailableUpdates(0, 2), Is.EqualTo(2));
        Assert.That(validator.Validate(aggregate, state), Is.EqualTo(InvalidReason.NotCertified), "n − f = 3 needed");

        applier.Apply(2, Hash32.Zero, [UpdateHeld.Sign(domain, 0, _keys[0], 0, "client-2", roots[2]).Encode()]);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Validate(aggregate, state), Is.Null);
            Assert.That(validator.Validate(aggregate with { Round = 1 }, state), Is.EqualTo(InvalidReason.NotCertified), "round 1 is not closed");
        });
    }

    [Test]
    public void Without_committee_keys_no_statement_is_accepted()
    {
        var store = new InMemoryLedgerStore();
        var state = new LedgerState(store, 0, 1, _ => true);
        var validator = new EntryValidator(LedgerRules.Default);
        new BlockApplier(store, state, validator).Apply(0, Hash32.Zero, [new ModelUpdate(0, "client-1", Hash32.Of([7]), 1, 10).Encode()]);
        var held = UpdateHeld.Sign(new SigningDomain(Hash32.Of([42]), 0), 0, _keys[0], 0, "client-1", Hash32.Of([7]));
        Assert.That(validator.Validate(held, state), Is.EqualTo(InvalidReason.BadCertificate));
    }
}
