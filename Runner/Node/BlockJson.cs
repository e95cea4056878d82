using System.Text.Json.Nodes;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Node;

/// <summary>Bodies of <c>GET /blocks/{height}</c> and <c>GET /proof/{entryId}</c>.</summary>
public static class BlockJson
{
    public static JsonObject Render(Block block)
    {
        var header = block.Header;
        var groups = new JsonArray();
        foreach (var group in header.GroupRoots)
        {
            groups.Add(new JsonObject
            {
                ["kind"] = group.Group.Kind.ToString(),
                ["output_shard"] = group.Group.OutputShard,
                ["count"] = group.Count,
                ["root"] = group.Root.ToHex(),
            });
        }
        var ids = new JsonArray();
        foreach (var entry in block.Entries)
        {
            ids.Add(entry.Id.ToHex());
        }
        JsonNode? certificate = null;
        if (block.Certificate is { } qc)
        {
            var signers = new JsonArray();
            foreach (var signer in qc.Signers)
            {
                signers.Add(signer);
            }
            certificate = new JsonObject { ["signers"] = signers };
        }
        return new JsonObject
        {
            ["height"] = header.Height,
            ["hash"] = header.Hash.ToHex(),
            ["shard"] = header.Shard,
            ["epoch"] = header.Epoch,
            ["prev_hash"] = header.PrevHash.ToHex(),
            ["top_root"] = header.TopRoot.ToHex(),
            ["decision_digest"] = header.DecisionDigest.ToHex(),
            ["entry_count"] = header.EntryCount,
            ["groups"] = groups,
            ["entry_ids"] = ids,
            ["certificate"] = certificate,
        };
    }

    public static JsonObject RenderProof(Block block, Hash32 entryId)
    {
        var proof = EntryProof.Create(block, entryId);
        return new JsonObject
        {
            ["entry_id"] = entryId.ToHex(),
            ["height"] = block.Height,
            ["header_hash"] = block.Header.Hash.ToHex(),
            ["top_root"] = block.Header.TopRoot.ToHex(),
            ["entry"] = Convert.ToHexStringLower(proof.Entry),
            ["group"] = new JsonObject
            {
                ["kind"] = proof.Group.Group.Kind.ToString(),
                ["output_shard"] = proof.Group.Group.OutputShard,
                ["count"] = proof.Group.Count,
                ["root"] = proof.Group.Root.ToHex(),
            },
            ["group_proof"] = Describe(proof.InGroup),
            ["top_proof"] = Describe(proof.InTop),
            ["verified"] = proof.Verify(block.Header),
        };
    }

    private static JsonObject Describe(InclusionProof proof)
    {
        var path = new JsonArray();
        foreach (var hash in proof.Path)
        {
            path.Add(hash.ToHex());
        }
        return new JsonObject { ["leaf_index"] = proof.LeafIndex, ["tree_size"] = proof.TreeSize, ["path"] = path };
    }
}
