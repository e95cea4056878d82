using System.Text.Json;
using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// What every peer of a swarm bench tracks, written by the launcher as <c>manifest.json</c>: the update's root, chunk
/// hashes and sizes (what the ledger would have committed), and the seed and length the source makes the bytes from.
/// Receivers learn the hashes from here, never by holding the update.
/// </summary>
public sealed record SwarmManifest(ulong Round, string Client, int Seed, long Length, int ChunkSize, Hash32 Root,
    IReadOnlyList<Hash32> Hashes, IReadOnlyList<int> Sizes)
{
    public const string FileName = "manifest.json";

    public static SwarmManifest Of(ChunkedUpdate update, ulong round, string client, int seed) => new(
        round, client, seed, update.Length, update.ChunkSize, update.Root, update.Hashes,
        Enumerable.Range(0, update.Count).Select(i => update.Chunk(i).Length).ToArray());

    public SwarmUpdate ToUpdate() => new(Round, Client, Root, Hashes, Sizes);

    public void Write(string path)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("round", Round);
            json.WriteString("client", Client);
            json.WriteNumber("seed", Seed);
            json.WriteNumber("length", Length);
            json.WriteNumber("chunk_size", ChunkSize);
            json.WriteString("root", Root.ToHex());
            json.WriteStartArray("hashes");
            foreach (var hash in Hashes)
            {
                json.WriteStringValue(hash.ToHex());
            }
            json.WriteEndArray();
            json.WriteStartArray("sizes");
            foreach (var size in Sizes)
            {
                json.WriteNumberValue(size);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        File.WriteAllBytes(path, buffer.ToArray());
    }

    /// <exception cref="InvalidDataException">Unreadable, not this shape, or hashes that do not make the root.</exception>
    public static SwarmManifest Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var hashes = root.GetProperty("hashes").EnumerateArray().Select(h => Hash32.FromHex(h.GetString()!)).ToArray();
            var sizes = root.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            var manifest = new SwarmManifest(root.GetProperty("round").GetUInt64(), root.GetProperty("client").GetString()!,
                root.GetProperty("seed").GetInt32(), root.GetProperty("length").GetInt64(), root.GetProperty("chunk_size").GetInt32(),
                Hash32.FromHex(root.GetProperty("root").GetString()!), hashes, sizes);
            if (hashes.Length == 0 || hashes.Length != sizes.Length || sizes.Sum(s => (long)s) != manifest.Length
                || Ledger.Merkle.MerkleRoot.Compute(hashes) != manifest.Root)
            {
                throw new InvalidDataException($"{path}: the chunk hashes and sizes do not make the update's root and length");
            }
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException($"{path}: not a swarm manifest ({e.Message})", e);
        }
    }
}
