using DumboFL.Ledger.Blocks;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// The applier's path into a store, inside the ledger assembly only. A block that <see cref="BlockBuilder"/> has just
/// built from entries the applier checked one by one against this store (not committed, no repeat inside the
/// block) needs neither of the checks <see cref="ILedgerStore.Append"/> makes on a block from elsewhere: recomputing
/// the header's Merkle layout (a hash of every entry) and looking every id up in the committed-id index. Blocks
/// from peers (sync) and every other caller go through <see cref="ILedgerStore.Append"/>.
/// </summary>
internal interface IBuiltBlockAppend
{
    void AppendBuilt(Block block);
}
