using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Runner.Cluster;

/// <summary><c>keys/ID.key</c>: <c>{ "id", "node_key": base64 PKCS#8, "coin_secret": hex of CoinSecretKey.Encode() }</c>, mode 0600.</summary>
internal static class KeyFile
{
    // Base64 keeps its '+' and '/' instead of \u002B escapes: the file is read by people too, never embedded in HTML.
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string PathOf(string clusterDirectory, string id) =>
        Path.Combine(clusterDirectory, ClusterFile.KeysDirectory, id + ".key");

    public static void Write(string path, string id, NodeKey nodeKey, CoinSecretKey coinSecret)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["node_key"] = Convert.ToBase64String(nodeKey.ExportPkcs8()),
            ["coin_secret"] = Convert.ToHexStringLower(coinSecret.Encode()),
        };
        PrivateFile.WriteAllText(path, json.ToJsonString(Plain) + Environment.NewLine);
    }

    /// <summary>Reads the keys of <paramref name="id"/>; checking them against the cluster is the caller's.</summary>
    public static (NodeKey NodeKey, CoinSecretKey CoinSecret) Read(string path, string id)
    {
        byte[] bytes;
        try
        {
            PrivateFile.CheckOwnerOnly(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ClusterFileException($"{path}: not found (the secret keys of node {id})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterFileException($"{path}: cannot be read ({e.Message})", e);
        }
        using var document = JsonFields.Parse(bytes, path);
        var fields = new JsonFields(document.RootElement, path, "");
        var fileId = fields.String("id");
        if (fileId != id)
        {
            throw fields.Fail($"holds the keys of '{fileId}', not '{id}'");
        }
        CoinSecretKey coinSecret;
        try
        {
            coinSecret = CoinSecretKey.Decode(fields.Hex("coin_secret"));
        }
        catch (FormatException e)
        {
            throw fields.Fail($"'coin_secret' is not a coin key share ({e.Message})");
        }
        try
        {
            return (NodeKey.FromPkcs8(fields.Base64("node_key")), coinSecret);
        }
        catch (FormatException e)
        {
            throw fields.Fail($"'node_key' is not a P-256 private key ({e.Message})");
        }
    }
}
