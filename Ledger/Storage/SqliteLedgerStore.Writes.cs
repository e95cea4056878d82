using DumboFL.Core.Crypto;
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
    public void Append(Block block)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var header = block.Header;
            ChainTip.CheckFollows(header, _tip);
            var slots = BlockLayout.Of(block);
            var certificate = block.Certificate is { } c ? CertificateCodec.Encode(c) : null;
            var height = ToKey(header.Height);

            try
            {
                // In group-commit mode the block joins the open transaction under a savepoint, so a refused block
                // rolls back alone; otherwise it is a transaction of its own.
                var fresh = _group is null;
                var transaction = _group ?? _connection.BeginTransaction();
                if (!fresh)
                {
                    transaction.Save(BlockSavepoint);
                }
                try
                {
                    InsertBlock(transaction, header, height, certificate, block.Certificate?.Count ?? 0);
                    InsertEntries(transaction, block, height, slots);
                    var applied = Command("INSERT INTO applied (id, height) VALUES (0, $height) ON CONFLICT (id) DO UPDATE SET height = excluded.height", transaction);
                    applied.Parameters.AddWithValue("$height", height);
                    applied.ExecuteNonQuery();
                }
                catch
                {
                    if (fresh)
                    {
                        transaction.Dispose();
                    }
                    else
                    {
                        transaction.Rollback(BlockSavepoint);
                        transaction.Release(BlockSavepoint);
                    }
                    throw;
                }
                if (!fresh)
                {
                    transaction.Release(BlockSavepoint);
                }
                _group = transaction;
                if (++_groupBlocks >= GroupCommit)
                {
                    CommitGroup();
                }
            }
            catch (SqliteException)
            {
                // A failed commit (I/O error, full disk) may or may not have reached the file: trust the file, not the cache.
                AbandonGroup();
                ReloadTip();
                throw;
            }
            _tip = ChainTip.Of(header);
        }
    }

    /// <summary>Commits the blocks appended since the last commit (group-commit mode); a no-op otherwise.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            try
            {
                CommitGroup();
            }
            catch (SqliteException)
            {
                AbandonGroup();
                ReloadTip();
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
            ThrowIfDisposed();
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

    private void InsertBlock(SqliteTransaction transaction, BlockHeader header, long height, byte[]? certificate, int signers)
    {
        var insert = Command("INSERT INTO blocks (height, hash, header, entry_count, certificate, certificate_signers) VALUES ($height, $hash, $header, $count, $certificate, $signers)", transaction);
        insert.Parameters.AddWithValue("$height", height);
        insert.Parameters.AddWithValue("$hash", header.Hash.ToArray());
        insert.Parameters.AddWithValue("$header", header.Encode());
        insert.Parameters.AddWithValue("$count", header.EntryCount);
        insert.Parameters.AddWithValue("$certificate", (object?)certificate ?? DBNull.Value);
        insert.Parameters.AddWithValue("$signers", signers);
        insert.ExecuteNonQuery();
    }

    private void InsertEntries(SqliteTransaction transaction, Block block, long height, EntrySlot[] slots)
    {
        var insert = Command("INSERT INTO entries (height, position, id, id_key, kind, round, client, group_index, index_in_group, bytes) VALUES ($height, $position, $id, $key, $kind, $round, $client, $group, $index, $bytes)", transaction);
        var duplicate = Command("SELECT height FROM entries WHERE id_key = $key AND id = $id", transaction);
        var duplicateKey = duplicate.Parameters.Add("$key", SqliteType.Integer);
        var duplicateId = duplicate.Parameters.Add("$id", SqliteType.Blob);
        insert.Parameters.AddWithValue("$height", height);
        var position = insert.Parameters.Add("$position", SqliteType.Integer);
        var id = insert.Parameters.Add("$id", SqliteType.Blob);
        var key = insert.Parameters.Add("$key", SqliteType.Integer);
        var kind = insert.Parameters.Add("$kind", SqliteType.Integer);
        var round = insert.Parameters.Add("$round", SqliteType.Integer);
        var client = insert.Parameters.Add("$client", SqliteType.Text);
        var group = insert.Parameters.Add("$group", SqliteType.Integer);
        var index = insert.Parameters.Add("$index", SqliteType.Integer);
        var bytes = insert.Parameters.Add("$bytes", SqliteType.Blob);
        for (var i = 0; i < block.Entries.Count; i++)
        {
            var entry = block.Entries[i];
            var roundClient = RoundClient.Of(entry);
            var idBytes = entry.Id.ToArray();
            var idKey = IdKey(entry.Id);
            // Block-internal duplicates were refused before the transaction; this finds an id committed earlier.
            duplicateKey.Value = idKey;
            duplicateId.Value = idBytes;
            if (duplicate.ExecuteScalar() is long existing)
            {
                throw new InvalidOperationException($"entry {entry.Id} of block {block.Height} is already committed at height {existing}");
            }
            position.Value = i;
            id.Value = idBytes;
            key.Value = idKey;
            kind.Value = (int)entry.Kind;
            round.Value = roundClient is { } rc ? unchecked((long)rc.Round) : DBNull.Value;
            client.Value = (object?)roundClient?.Client ?? DBNull.Value;
            group.Value = slots[i].GroupIndex;
            index.Value = slots[i].IndexInGroup;
            bytes.Value = entry.Encode();
            insert.ExecuteNonQuery();
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
