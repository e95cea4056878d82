using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Cluster;

public class NodeSecretsTests
{
    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public void Key_files_are_written_owner_only()
    {
        var keys = Path.Combine(GeneratedCluster.Directory, ClusterFile.KeysDirectory);
        var files = Directory.GetFiles(keys);
        Assert.Multiple(() =>
        {
            Assert.That(files.Select(Path.GetFileName), Is.EquivalentTo(ClusterFile.Load(GeneratedCluster.Directory).Nodes.Select(n => n.Id + ".key")));
            Assert.That(files.Select(File.GetUnixFileMode), Is.All.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(keys) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead), Is.EqualTo((UnixFileMode)0));
        });
    }

    [TestCase(UnixFileMode.GroupRead)]
    [TestCase(UnixFileMode.OtherRead)]
    [TestCase(UnixFileMode.GroupWrite)]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public void A_key_file_others_can_access_is_refused(UnixFileMode extra)
    {
        using var directory = GeneratedCluster.Copy();
        var path = directory.Combine(ClusterFile.KeysDirectory, "0-1.key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);
        var cluster = ClusterFile.Load(directory.Path);
        Assert.That(() => cluster.LoadSecrets("0-1"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("chmod 600").And.Message.Contains("0-1.key"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.That(() => cluster.LoadSecrets("0-1").Dispose(), Throws.Nothing);
    }

    [Test]
    public void Another_nodes_key_file_is_refused()
    {
        using var directory = GeneratedCluster.Copy();
        // 0-1's file carrying 0-2's keys under 0-1's id: the signing key is not the published one.
        var other = JsonNode.Parse(File.ReadAllText(directory.Combine(ClusterFile.KeysDirectory, "0-2.key")))!;
        other["id"] = "0-1";
        Rewrite(directory.Combine(ClusterFile.KeysDirectory, "0-1.key"), other.ToJsonString());
        Assert.That(() => ClusterFile.Load(directory.Path).LoadSecrets("0-1"),
            Throws.TypeOf<ClusterFileException>().With.Message.Contains("'node_key' is not the key cluster.json publishes for node 0-1"));
    }

    [Test]
    public void A_coin_secret_of_another_shard_is_refused()
    {
        using var directory = GeneratedCluster.Copy();
        var own = JsonNode.Parse(File.ReadAllText(directory.Combine(ClusterFile.KeysDirectory, "0-1.key")))!;
        var sameIndexOtherShard = JsonNode.Parse(File.ReadAllText(directory.Combine(ClusterFile.KeysDirectory, "1-1.key")))!;
        own["coin_secret"] = sameIndexOtherShard["coin_secret"]!.GetValue<string>();
        Rewrite(directory.Combine(ClusterFile.KeysDirectory, "0-1.key"), own.ToJsonString());
        Assert.That(() => ClusterFile.Load(directory.Path).LoadSecrets("0-1"),
            Throws.TypeOf<ClusterFileException>().With.Message.Contains("does not belong to shard 0's coin key set"));
    }

    [Test]
    public void Missing_mislabelled_or_garbled_key_files_are_refused()
    {
        using var directory = GeneratedCluster.Copy();
        File.Delete(directory.Combine(ClusterFile.KeysDirectory, "0-0.key"));
        var renamed = JsonNode.Parse(File.ReadAllText(directory.Combine(ClusterFile.KeysDirectory, "0-1.key")))!;
        renamed["id"] = "0-3";
        Rewrite(directory.Combine(ClusterFile.KeysDirectory, "0-1.key"), renamed.ToJsonString());
        Rewrite(directory.Combine(ClusterFile.KeysDirectory, "0-2.key"), "{\"id\":\"0-2\",\"node_key\":\"AAAA\",\"coin_secret\":\"00\"}");
        var cluster = ClusterFile.Load(directory.Path);
        Assert.Multiple(() =>
        {
            Assert.That(() => cluster.LoadSecrets("0-0"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("not found"));
            Assert.That(() => cluster.LoadSecrets("0-1"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("holds the keys of '0-3'"));
            Assert.That(() => cluster.LoadSecrets("0-2"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("'coin_secret'"));
        });
    }

    // Through a fresh owner-only file, as keygen writes them, so only the content is under test.
    private static void Rewrite(string path, string contents)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(contents);
    }
}
