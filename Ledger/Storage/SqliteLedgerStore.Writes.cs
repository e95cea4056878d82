using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

public sealed partial class SqliteLedgerStore
{

    /// <summary>
    /// Writes the header, certificate, entries and applied height in one transaction: after a crash at any
    /// point the file holds the whole block or none of it. Every check that can be made before writing is
    /// made first; an entry id already committed (found through the id-key index) rolls the transaction back.
    /// </summary>
    public void Append(Block block) => Append(block, built: false);

    void IBuiltBlockAppend.AppendBuilt(Block block) => Append(block, built: true);

    private void Append(Block block, bool built)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            var header = block.Header;
            ChainTip.CheckFollows(header, _tip);
            if (built)
            {
                BlockLayout.CheckCount(block);
            }
            else
            {
                BlockLayout.Of(block);
                foreach (var entry in block.Entries)
                {
                    // Block-internal duplicates were refused by the layout check; this finds an id committed earlier.
                    if (_index.Find(entry.Id) is { } existing)
                    {
                        throw new InvalidOperationException($"entry {entry.Id} of block {block.Height} is already committed at height {existing.Height}");
                    }
                }
            }
            var body = BlockBody.Encode(block.Entries);
            var certificate = block.Certificate is { } c ? CertificateCodec.Encode(c) : null;
            var height = ToKey(header.Height);

            try
            {
                // In group-commit mode the block joins the open transaction under a savepoint, so a failed block rolls
                // back alone; otherwise it is a transaction of its own.
                var fresh = _group is null;
                if (fresh)
                {
                    _group = _connection.BeginTransaction();
                }
                else
                {
                    _group!.Save(BlockSavepoint);
                }
                try
                {
                    InsertBlock(header, height, body, certificate, block.Certificate?.Count ?? 0);
                    InsertRoundEntries(block, height);
                    InsertCrossShardRows(block, height);
                    _index.Add(header.Height, block.Entries);
                    var applied = Command("INSERT INTO applied (id, height) VALUES (0, $height) ON CONFLICT (id) DO UPDATE SET height = excluded.height");
                    applied.Parameters.AddWithValue("$height", height);
                    applied.ExecuteNonQuery();
                }
                catch
                {
                    if (fresh)
                    {
                        AbandonGroup();
                    }
                    else
                    {
                        _group!.Rollback(BlockSavepoint);
                        _group.Release(BlockSavepoint);
                    }
                    ReloadIndex();
                    throw;
                }
                if (!fresh)
                {
                    _group!.Release(BlockSavepoint);
                }
                if (++_groupBlocks >= GroupCommit)
                {
                    CommitGroup();
                }
            }
            catch (SqliteException)
            {
                RecoverFromFailedWrite();
                throw;
            }
            _tip = ChainTip.Of(header);
        }
    }

    public void StageCrossShardPending(IReadOnlyList<(string Key, byte[]? Value)> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            ThrowIfUnusable();
            try
            {
                // Joins the open group transaction (the next block's); in per-append mode it is a transaction of its own.
                var fresh = _group is null;
                _group ??= _connection.BeginTransaction();
                foreach (var (key, value) in changes)
                {
                    var command = value is null
                        ? Command("DELETE FROM xs_pending WHERE key = $key")
                        : Command("INSERT INTO xs_pending (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
                    command.Parameters.AddWithValue("$key", key);
                    if (value is not null)
                    {
                        command.Parameters.AddWithValue("$value", value);
                    }
                    command.ExecuteNonQuery();
                }
                if (fresh && GroupCommit == 1)
                {
                    CommitGroup();
                }
            }
            catch (SqliteException)
            {
                RecoverFromFailedWrite();
                throw;
            }
        }
    }

    /// <summary>Commits the blocks appended since the last commit (group-commit mode); a no-op otherwise.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            try
            {
                CommitGroup();
            }
            catch (SqliteException)
            {
                RecoverFromFailedWrite();
                throw;
            }
        }
    }

    private void CommitGroup()
    {
        if (_group is not { } group)
        {
            return;
        }
        group.Commit();
        group.Dispose();
        _group = null;
        _groupBlocks = 0;
    }

    /// <summary>
    /// After a failed write or commit (I/O error, full disk), which may or may not have reached the file: drop the open
    /// transaction and trust the file, not the cache, for the tip and the id index.
    /// </summary>
    private void RecoverFromFailedWrite()
    {
        AbandonGroup();
        ReloadTip();
        ReloadIndex();
    }

    private void AbandonGroup()
    {
        _group?.Dispose();
        _group = null;
        _groupBlocks = 0;
    }

    public void SetCertificate(ulong height, QuorumCertificate certificate)
    {
        var bytes = CertificateCodec.Encode(certificate);
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_tip is not { } tip || height > tip.Height)
            {
                throw new InvalidOperationException($"no block at height {height}");
            }
            // Only a larger certificate replaces the stored one: a late, smaller quorum adds nothing.
            var update = Command("UPDATE blocks SET certificate = $certificate, certificate_signers = $signers WHERE height = $height AND (certificate IS NULL OR certificate_signers < $signers)");
            update.Parameters.AddWithValue("$certificate", bytes);
            update.Parameters.AddWithValue("$signers", certificate.Count);
            update.Parameters.AddWithValue("$height", ToKey(height));
            update.ExecuteNonQuery();
        }
    }

    private void InsertBlock(BlockHeader header, long height, byte[] body, byte[]? certificate, int signers)
    {
        var insert = Command("INSERT INTO blocks (height, hash, header, entry_count, certificate, certificate_signers, body, body_digest) VALUES ($height, $hash, $header, $count, $certificate, $signers, $body, $digest)");
        insert.Parameters.AddWithValue("$height", height);
        insert.Parameters.AddWithValue("$hash", header.Hash.ToArray());
        insert.Parameters.AddWithValue("$header", header.Encode());
        insert.Parameters.AddWithValue("$count", header.EntryCount);
        insert.Parameters.AddWithValue("$certificate", (object?)certificate ?? DBNull.Value);
        insert.Parameters.AddWithValue("$signers", signers);
        insert.Parameters.AddWithValue("$body", body);
        insert.Parameters.AddWithValue("$digest", Hash32.Of(body).ToArray());
        insert.ExecuteNonQuery();
    }

    /// <summary>Entries with an FL round and client (chunk commits, model updates) also go where validation looks them up.</summary>
    private void InsertRoundEntries(Block block, long height)
    {
        SqliteCommand? insert = null;
        for (var i = 0; i < block.Entries.Count; i++)
        {
            if (RoundClient.Of(block.Entries[i]) is not { } roundClient)
            {
                continue;
            }
            insert ??= Command("INSERT INTO round_entries (round, client, height, position, bytes) VALUES ($round, $client, $height, $position, $bytes)");
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$round", unchecked((long)roundClient.Round));
            insert.Parameters.AddWithValue("$client", roundClient.Client);
            insert.Parameters.AddWithValue("$height", height);
            insert.Parameters.AddWithValue("$position", i);
            insert.Parameters.AddWithValue("$bytes", block.Entries[i].Encode());
            insert.ExecuteNonQuery();
        }
    }

    private void InsertCrossShardRows(Block block, long height)
    {
        if (CrossShardRows.Of(block) is not { } rows)
        {
            return;
        }
        foreach (var (shard, inputHeight) in rows.AcceptedBlocks)
        {
            var insert = Command("INSERT OR IGNORE INTO xs_accepted_blocks (input_shard, height) VALUES ($shard, $height)");
            insert.Parameters.AddWithValue("$shard", shard);
            insert.Parameters.AddWithValue("$height", ToKey(inputHeight));
            insert.ExecuteNonQuery();
        }
        foreach (var (legId, shard) in rows.AcceptedLegs)
        {
            var insert = Command("INSERT OR IGNORE INTO xs_accepted_legs (leg_id, input_shard) VALUES ($leg, $shard)");
            insert.Parameters.AddWithValue("$leg", legId.ToArray());
            insert.Parameters.AddWithValue("$shard", shard);
            insert.ExecuteNonQuery();
        }
        foreach (var legId in rows.Aborted)
        {
            var insert = Command("INSERT OR IGNORE INTO xs_aborts (leg_id, height) VALUES ($leg, $height)");
            insert.Parameters.AddWithValue("$leg", legId.ToArray());
            insert.Parameters.AddWithValue("$height", height);
            insert.ExecuteNonQuery();
        }
        foreach (var legId in rows.Completed)
        {
            var delete = Command("DELETE FROM xs_accepted_legs WHERE leg_id = $leg");
            delete.Parameters.AddWithValue("$leg", legId.ToArray());
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// After a rolled-back write the index's runs are read again from the file. If even that fails the store refuses
    /// further use: an index that might miss committed ids must not answer "not committed".
    /// </summary>
    private void ReloadIndex()
    {
        try
        {
            _index.Load(fillFilter: false);
            _indexFault = null;
        }
        catch (Exception e) when (e is SqliteException or LedgerCorruptException)
        {
            _indexFault = e;
        }
    }

    private void ReloadTip()
    {
        try
        {
            _tip = LoadTip();
        }
        catch (Exception e) when (e is SqliteException or LedgerCorruptException)
        {
            // Keep the cached tip; the next call reports the underlying problem again.
        }
    }

    /// <summary>Heights are below 2^63 (they count blocks from 0), so the signed key is the height itself.</summary>
    private static long ToKey(ulong height) =>
        height <= long.MaxValue ? (long)height : throw new ArgumentOutOfRangeException(nameof(height), height, "heights are below 2^63");
}
