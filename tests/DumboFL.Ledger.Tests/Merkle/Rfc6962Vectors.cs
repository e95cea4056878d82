using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Tests.Merkle;

/// <summary>
/// The public RFC 6962 test data (the 8 leaves used by the Certificate Transparency test suites) and the known
/// roots, audit paths and consistency proofs over them.
/// </summary>
/// <remarks>
/// The proofs were re-derived independently from the RFC 6962 §2.1 definitions with this Python 3 reference
/// (only hashlib), which also reproduces the published roots of sizes 0–8:
/// <code>
/// import hashlib
/// H = lambda b: hashlib.sha256(b).digest()
/// def k_of(n):                       # largest power of two strictly below n
///     k = 1
///     while k * 2 &lt; n: k *= 2
///     return k
/// def mth(d):
///     if len(d) == 0: return H(b"")
///     if len(d) == 1: return H(b"\0" + d[0])
///     k = k_of(len(d)); return H(b"\1" + mth(d[:k]) + mth(d[k:]))
/// def path(m, d):                    # PATH(m, D[n])
///     if len(d) &lt;= 1: return []
///     k = k_of(len(d))
///     return path(m, d[:k]) + [mth(d[k:])] if m &lt; k else path(m - k, d[k:]) + [mth(d[:k])]
/// def sub(m, d, b):                  # SUBPROOF(m, D[n], b); PROOF(m, D[n]) = sub(m, d, True)
///     n = len(d)
///     if m == n: return [] if b else [mth(d)]
///     k = k_of(n)
///     return sub(m, d[:k], b) + [mth(d[k:])] if m &lt;= k else sub(m - k, d[k:], False) + [mth(d[:k])]
/// </code>
/// </remarks>
internal static class Rfc6962Vectors
{
    public static readonly string[] LeafHex =
    [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ];

    public static byte[][] Leaves => LeafHex.Select(Convert.FromHexString).ToArray();

    /// <summary>RootHex[n] = MTH of the first n leaves.</summary>
    public static readonly string[] RootHex =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static Hash32 Root(int size) => Hash32.FromHex(RootHex[size]);

    /// <summary>(leaf index, tree size, audit path).</summary>
    public static readonly (int Index, int Size, string[] Path)[] InclusionProofs =
    [
        (0, 1, []),
        (0, 8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (5, 8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
        (6, 8,
        [
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (3, 8,
        [
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
    ];

    /// <summary>(old size, new size, consistency path).</summary>
    public static readonly (int OldSize, int NewSize, string[] Path)[] ConsistencyProofs =
    [
        (1, 1, []),
        (1, 8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (6, 8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
        (4, 8, ["6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (3, 7,
        [
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ]),
        (2, 8,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
    ];

    public static Hash32[] Hashes(string[] hex) => hex.Select(Hash32.FromHex).ToArray();
}
