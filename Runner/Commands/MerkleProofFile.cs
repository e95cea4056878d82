using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary>
/// The JSON proof files of <c>dumbofl merkle</c>. Inclusion:
/// <c>{"leaf_index":I,"tree_size":N,"leaf_hash":"hex","root":"hex","path":["hex",…]}</c>; consistency:
/// <c>{"old_size":M,"new_size":N,"old_root":"hex","new_root":"hex","path":["hex",…]}</c>. When read back, the hashes
/// other than the path are optional: they are what the writer claimed, not what the verifier trusts.
/// </summary>
// The file format and its two kinds live together: they are read by one parser and matched by one switch.
internal abstract record MerkleProofFile
{
    public static string Write(InclusionProof proof, Hash32 leafHash, Hash32 root) => new JsonObject
    {
        ["leaf_index"] = proof.LeafIndex,
        ["tree_size"] = proof.TreeSize,
        ["leaf_hash"] = leafHash.ToHex(),
        ["root"] = root.ToHex(),
        ["path"] = PathArray(proof.Path),
    }.ToJsonString();

    public static string Write(ConsistencyProof proof, Hash32 oldRoot, Hash32 newRoot) => new JsonObject
    {
        ["old_size"] = proof.OldSize,
        ["new_size"] = proof.NewSize,
        ["old_root"] = oldRoot.ToHex(),
        ["new_root"] = newRoot.ToHex(),
        ["path"] = PathArray(proof.Path),
    }.ToJsonString();

    /// <summary>Reads a proof file, or explains (for exit code 2) which field is wrong.</summary>
    public static MerkleProofFile? TryRead(string path, out string error)
    {
        if (!File.Exists(path))
        {
            error = $"no such proof file: {path}";
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowDuplicateProperties = false });
            var fields = new Fields(path, document.RootElement);
            MerkleProofFile? proof = document.RootElement.ValueKind != JsonValueKind.Object
                ? fields.Fail("expected a JSON object")
                : document.RootElement.TryGetProperty("leaf_index", out _)
                    ? ReadInclusion(fields)
                    : document.RootElement.TryGetProperty("old_size", out _)
                        ? ReadConsistency(fields)
                        : fields.Fail("neither an inclusion proof (no \"leaf_index\") nor a consistency proof (no \"old_size\")");
            error = fields.Error;
            return proof;
        }
        catch (JsonException e)
        {
            error = $"{path}: not valid JSON: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {e.Message}";
        }
        return null;
    }

    private static InclusionProofFile? ReadInclusion(Fields fields)
    {
        var index = fields.Size("leaf_index");
        var size = fields.Size("tree_size");
        var path = fields.Path();
        var leafHash = fields.OptionalHash("leaf_hash");
        var root = fields.OptionalHash("root");
        return fields.Error.Length > 0 ? null : new InclusionProofFile(new InclusionProof(index, size, path!), leafHash, root);
    }

    private static ConsistencyProofFile? ReadConsistency(Fields fields)
    {
        var oldSize = fields.Size("old_size");
        var newSize = fields.Size("new_size");
        var path = fields.Path();
        var oldRoot = fields.OptionalHash("old_root");
        var newRoot = fields.OptionalHash("new_root");
        return fields.Error.Length > 0 ? null : new ConsistencyProofFile(new ConsistencyProof(oldSize, newSize, path!), oldRoot, newRoot);
    }

    private static JsonArray PathArray(IReadOnlyList<Hash32> path) => [.. path.Select(h => (JsonNode)h.ToHex())];

    /// <summary>Reads fields of one JSON object, keeping the first problem (named by file and field).</summary>
    private sealed class Fields(string file, JsonElement root)
    {
        public string Error { get; private set; } = "";

        public MerkleProofFile? Fail(string problem)
        {
            if (Error.Length == 0)
            {
                Error = $"{file}: {problem}";
            }
            return null;
        }

        public long Size(string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                Fail($"missing field \"{name}\"");
                return 0;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
            {
                Fail($"field \"{name}\" must be a non-negative integer, got {value.GetRawText()}");
                return 0;
            }
            return number;
        }

        public Hash32[]? Path()
        {
            if (!root.TryGetProperty("path", out var value))
            {
                Fail("missing field \"path\"");
                return null;
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail($"field \"path\" must be an array of hex hashes, got {value.ValueKind.ToString().ToLowerInvariant()}");
                return null;
            }
            var path = new Hash32[value.GetArrayLength()];
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                if (!TryHash(element, $"path[{i}]", out path[i]))
                {
                    return null;
                }
                i++;
            }
            return path;
        }

        public Hash32? OptionalHash(string name) =>
            root.TryGetProperty(name, out var value) && TryHash(value, name, out var hash) ? hash : null;

        private bool TryHash(JsonElement value, string name, out Hash32 hash)
        {
            hash = default;
            if (value.ValueKind != JsonValueKind.String)
            {
                Fail($"field \"{name}\" must be a hex string, got {value.GetRawText()}");
                return false;
            }
            if (!MerkleHex.TryDecodeHash(value.GetString()!, out hash, out var problem))
            {
                Fail($"field \"{name}\": {problem}");
                return false;
            }
            return true;
        }
    }
}

/// <summary>An inclusion proof as read from a file, with the leaf hash and root its writer claimed.</summary>
internal sealed record InclusionProofFile(InclusionProof Proof, Hash32? LeafHash, Hash32? Root) : MerkleProofFile;

/// <summary>A consistency proof as read from a file, with the roots its writer claimed.</summary>
internal sealed record ConsistencyProofFile(ConsistencyProof Proof, Hash32? OldRoot, Hash32? NewRoot) : MerkleProofFile;
