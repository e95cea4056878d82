using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Blocks;

/// <summary>What re-checking a ledger found. <see cref="FirstBadHeight"/> is null when every block checks out.</summary>
public sealed record ChainReport(ulong? Height, Hash32? HeadHash, IReadOnlyList<string> Errors, ulong? FirstBadHeight)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Re-checks a stored ledger from its first block: heights contiguous, every previous-hash link, every group
/// root and the top root recomputed from the stored entries, entry counts, and each certificate's structure
/// (distinct signers in order, well-formed signatures, at least <paramref name="minSigners"/> of them).
/// Signatures are checked only when the committee is known.
/// </summary>
public static class ChainVerifier
{
    public static ChainReport Verify(ILedgerStore store, ulong? upTo = null, int minSigners = 1, Committee? committee = null, SigningDomain? domain = null)
    {
        var errors = new List<string>();
        ulong? firstBad = null;
        if (store.Height is not { } latest)
        {
            return new ChainReport(null, null, errors, null);
        }
        var end = Math.Min(upTo ?? latest, latest);
        var previous = Hash32.Zero;
        Hash32? head = null;
        for (ulong height = 0; height <= end; height++)
        {
            var problems = CheckBlock(store, height, previous, minSigners, committee, domain, out var hash);
            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => $"height {height}: {p}"));
                firstBad ??= height;
            }
            previous = hash ?? previous;
            head = hash;
        }
        return new ChainReport(end, head, errors, firstBad);
    }

    private static List<string> CheckBlock(ILedgerStore store, ulong height, Hash32 previous, int minSigners,
        Committee? committee, SigningDomain? domain, out Hash32? hash)
    {
        var problems = new List<string>();
        hash = null;
        Block? block;
        try
        {
            block = store.GetBlock(height);
        }
        catch (Exception e) when (e is LedgerCorruptException or FormatException)
        {
            problems.Add($"unreadable: {e.Message}");
            return problems;
        }
        if (block is null)
        {
            problems.Add("missing");
            return problems;
        }
        var header = block.Header;
        hash = header.Hash;
        if (header.Height != height)
        {
            problems.Add($"header says height {header.Height}");
        }
        if (header.PrevHash != previous)
        {
            problems.Add($"previous hash {header.PrevHash} does not link to {previous}");
        }
        if (block.Entries.Count == 0 || block.Entries.Count != header.EntryCount)
        {
            problems.Add($"{block.Entries.Count} entries stored, header says {header.EntryCount}");
        }
        else
        {
            var rebuilt = BlockBuilder.Build(header.Shard, header.Height, header.Epoch, header.PrevHash, header.DecisionDigest, block.Entries).Header;
            if (!rebuilt.GroupRoots.SequenceEqual(header.GroupRoots))
            {
                problems.Add("group roots do not match the stored entries");
            }
            if (rebuilt.TopRoot != header.TopRoot)
            {
                problems.Add("top root does not match the group roots");
            }
        }
        if (block.Certificate is { } certificate)
        {
            var error = committee is null
                ? certificate.CheckStructure(minSigners)
                : certificate.Verify(committee, BlockStatements.Certify(domain!, header.Epoch, header.Height, header.Hash), minSigners);
            if (error != CertificateError.None)
            {
                problems.Add($"certificate: {error}");
            }
        }
        return problems;
    }
}
