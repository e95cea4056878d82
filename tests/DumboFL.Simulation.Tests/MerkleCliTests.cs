using System.Text.Json;

namespace DumboFL.Simulation.Tests;

/// <summary><c>dumbofl merkle root|proof|consistency|verify</c> on the RFC 6962 test leaves.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MerkleCliTests
{
    // The 8 RFC 6962 test leaves, one hex line each; the first line is the empty leaf.
    private const string RfcLeaves = "\n00\n10\n2021\n3031\n40414243\n5051525354555657\n606162636465666768696a6b6c6d6e6f\n";
    private const string Root8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    private const string Root3 = "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77";
    private const string Root4 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";
    private const string EmptyRoot = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Leaf5Hash = "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"; // SHA-256(0x00 ‖ 40414243)

    private string _directory = "";

    [OneTimeSetUp]
    public void CreateFiles()
    {
        _directory = Directory.CreateTempSubdirectory("dumbofl-merkle-cli-").FullName;
        Write("rfc.txt", RfcLeaves);
        Write("rfc-crlf-no-final-newline.txt", RfcLeaves.TrimEnd('\n').Replace("\n", "\r\n", StringComparison.Ordinal));
        Write("empty.txt", "");
        Write("bad-hex.txt", "00\n0x10\n");
        Write("odd-hex.txt", "00\n10\n123\n");
        Write("proof5.json", CliRun.Of("merkle", "proof", File("rfc.txt"), "--index", "5", "--json").Out);
        Write("consistency3.json", CliRun.Of("merkle", "consistency", File("rfc.txt"), "--old-size", "3", "--json").Out);
        Write("not-json.json", "{\"leaf_index\":5,");
        Write("missing-size.json", "{\"leaf_index\":5,\"path\":[]}");
        Write("size-as-string.json", "{\"leaf_index\":5,\"tree_size\":\"8\",\"path\":[]}");
        Write("short-path-hash.json", $"{{\"leaf_index\":5,\"tree_size\":8,\"root\":\"{Root8}\",\"path\":[\"{Root4}\",\"00\"]}}");
        Write("neither.json", "{\"index\":5}");
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_directory, recursive: true);

    [TestCase("rfc.txt", Root8)]
    [TestCase("rfc-crlf-no-final-newline.txt", Root8)]
    [TestCase("empty.txt", EmptyRoot)]
    public void Root_prints_the_RFC_6962_root_of_the_file(string file, string expected)
    {
        var run = CliRun.Of("merkle", "root", File(file));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
            Assert.That(run.Out, Is.EqualTo(expected + Environment.NewLine));
            Assert.That(run.Error, Is.Empty);
        });
    }

    [Test]
    public void Proof_json_has_the_documented_fields()
    {
        var run = CliRun.Of("merkle", "proof", File("rfc.txt"), "--index", "5", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "leaf_index", "tree_size", "leaf_hash", "root", "path" }));
            Assert.That(root.GetProperty("leaf_index").GetInt64(), Is.EqualTo(5));
            Assert.That(root.GetProperty("tree_size").GetInt64(), Is.EqualTo(8));
            Assert.That(root.GetProperty("leaf_hash").GetString(), Is.EqualTo(Leaf5Hash));
            Assert.That(root.GetProperty("root").GetString(), Is.EqualTo(Root8));
            Assert.That(root.GetProperty("path").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[]
            {
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                Root4,
            }));
            Assert.That(run.Out.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one JSON object, one line");
        });
    }

    [Test]
    public void Proof_without_json_is_readable()
    {
        var run = CliRun.Of("merkle", "proof", File("rfc.txt"), "--index", "5");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
            Assert.That(run.Out, Does.Contain("leaf 5 of 8").And.Contain(Leaf5Hash).And.Contain(Root8).And.Contain("3 hashes"));
        });
    }

    [Test]
    public void Consistency_json_has_the_documented_fields()
    {
        var run = CliRun.Of("merkle", "consistency", File("rfc.txt"), "--old-size", "3", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "old_size", "new_size", "old_root", "new_root", "path" }));
            Assert.That(root.GetProperty("old_size").GetInt64(), Is.EqualTo(3));
            Assert.That(root.GetProperty("new_size").GetInt64(), Is.EqualTo(8));
            Assert.That(root.GetProperty("old_root").GetString(), Is.EqualTo(Root3));
            Assert.That(root.GetProperty("new_root").GetString(), Is.EqualTo(Root8));
            Assert.That(root.GetProperty("path").GetArrayLength(), Is.EqualTo(4));
        });
    }

    [TestCase("--leaf", "40414243", "--root", Root8)]
    [TestCase("--leaf-hash", Leaf5Hash, "--root", Root8)]
    [TestCase("--leaf", "40414243", null, null)]
    public void Verify_accepts_a_valid_inclusion_proof(string leafOption, string leaf, string? rootOption, string? root)
    {
        string[] args = ["merkle", "verify", "--proof", File("proof5.json"), leafOption, leaf, .. rootOption is null ? [] : new[] { rootOption, root! }];
        var run = CliRun.Of(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
            Assert.That(run.Out, Does.StartWith("valid: leaf 5 of 8"));
            Assert.That(run.Error, rootOption is null ? Does.Contain("root taken from the proof file") : Is.Empty);
        });
    }

    [TestCase("--leaf", "5051525354555657", "--root", Root8)] // leaf 6's data
    [TestCase("--leaf", "", "--root", Root8)]
    [TestCase("--leaf-hash", Root4, "--root", Root8)]
    [TestCase("--leaf", "40414243", "--root", Root4)] // the root of another tree
    public void Verify_rejects_a_wrong_leaf_or_root_with_exit_1(string leafOption, string leaf, string rootOption, string root)
    {
        var run = CliRun.Of("merkle", "verify", "--proof", File("proof5.json"), leafOption, leaf, rootOption, root);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString);
            Assert.That(run.Out, Does.StartWith("invalid:"));
        });
    }

    [Test]
    public void Verify_checks_consistency_proofs()
    {
        var valid = CliRun.Of("merkle", "verify", "--proof", File("consistency3.json"), "--old-root", Root3, "--new-root", Root8);
        var wrongOld = CliRun.Of("merkle", "verify", "--proof", File("consistency3.json"), "--old-root", Root4, "--new-root", Root8);
        var swapped = CliRun.Of("merkle", "verify", "--proof", File("consistency3.json"), "--old-root", Root8, "--new-root", Root3);

        Assert.Multiple(() =>
        {
            Assert.That(valid.ExitCode, Is.EqualTo(0), valid.ToString);
            Assert.That(valid.Out, Does.StartWith("valid: the tree of 3 leaves"));
            Assert.That(wrongOld.ExitCode, Is.EqualTo(1), wrongOld.ToString);
            Assert.That(swapped.ExitCode, Is.EqualTo(1), swapped.ToString);
        });
    }

    private static IEnumerable<TestCaseData> BadInputs()
    {
        TestCaseData Case(string expected, params string[] args) => new TestCaseData(args, expected).SetArgDisplayNames(expected);

        yield return Case("bad-hex.txt:2: '0x10' is not hex", "merkle", "root", "{bad-hex.txt}");
        yield return Case("odd-hex.txt:3: '123' has an odd number of hex digits", "merkle", "root", "{odd-hex.txt}");
        yield return Case("no such file", "merkle", "root", "{missing.txt}");
        yield return Case("no such file", "merkle", "proof", "{missing.txt}", "--index", "0");
        yield return Case("--index 8 is out of range", "merkle", "proof", "{rfc.txt}", "--index", "8");
        yield return Case("--index -1 is out of range", "merkle", "proof", "{rfc.txt}", "--index", "-1");
        yield return Case("--index 0 is out of range: ", "merkle", "proof", "{empty.txt}", "--index", "0");
        yield return Case("Option '--index' is required", "merkle", "proof", "{rfc.txt}");
        yield return Case("--old-size 0 is out of range", "merkle", "consistency", "{rfc.txt}", "--old-size", "0");
        yield return Case("--old-size 9 is out of range", "merkle", "consistency", "{rfc.txt}", "--old-size", "9");
        yield return Case("no such proof file", "merkle", "verify", "--proof", "{missing.json}", "--leaf", "00");
        yield return Case("not-json.json: not valid JSON", "merkle", "verify", "--proof", "{not-json.json}", "--leaf", "00");
        yield return Case("missing field \"tree_size\"", "merkle", "verify", "--proof", "{missing-size.json}", "--leaf", "00");
        yield return Case("field \"tree_size\" must be a non-negative integer", "merkle", "verify", "--proof", "{size-as-string.json}", "--leaf", "00");
        yield return Case("field \"path[1]\": '00' is 2 hex digits", "merkle", "verify", "--proof", "{short-path-hash.json}", "--leaf", "00");
        yield return Case("neither an inclusion proof", "merkle", "verify", "--proof", "{neither.json}", "--leaf", "00");
        yield return Case("give the leaf to check", "merkle", "verify", "--proof", "{proof5.json}");
        yield return Case("either --leaf or --leaf-hash, not both", "merkle", "verify", "--proof", "{proof5.json}", "--leaf", "00", "--leaf-hash", Root4);
        yield return Case("--leaf: 'zz' is not hex", "merkle", "verify", "--proof", "{proof5.json}", "--leaf", "zz");
        yield return Case("--root: 'abcd' is 4 hex digits, a hash is 64", "merkle", "verify", "--proof", "{proof5.json}", "--leaf", "00", "--root", "abcd");
        yield return Case("apply to inclusion proofs", "merkle", "verify", "--proof", "{consistency3.json}", "--leaf", "00");
        yield return Case("apply to consistency proofs", "merkle", "verify", "--proof", "{proof5.json}", "--leaf", "00", "--old-root", Root3);
    }

    [TestCaseSource(nameof(BadInputs))]
    public void Bad_input_exits_2_with_one_clear_line(string[] args, string expected)
    {
        var run = CliRun.Of(args.Select(a => a.StartsWith('{') ? File(a.Trim('{', '}')) : a).ToArray());
        var lines = run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString);
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(lines.Where(l => !l.StartsWith("Try 'dumbofl --help'", StringComparison.Ordinal)), Has.Exactly(1).Items, "one line naming the problem");
            Assert.That(run.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(run.Out, Is.Empty);
        });
    }

    private string File(string name) => Path.Combine(_directory, name);

    private void Write(string name, string text) => System.IO.File.WriteAllText(File(name), text);
}
