using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

/// <summary>
/// The node's HTTP API on loopback (docs/NODE.md, "Client API"): submit entries, status, blocks, proofs, metrics.
/// Submissions and status go through the core's queue; blocks and proofs are read from the store directly.
/// </summary>
public sealed class ClientApi : IAsyncDisposable
{
    public const int MaxBodyBytes = 64 << 20;

    private readonly WebApplication _app;
    private readonly NodeRuntime _runtime;

    public ClientApi(NodeRuntime runtime, string host, int port, ILoggerFactory loggerFactory)
    {
        _runtime = runtime;
        // No configuration file watching: by default the host watches its content root (the working directory,
        // where run directories and their SQLite WAL files live) recursively for appsettings changes, and the
        // watcher thread took an eighth of a node's CPU under load.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(System.Net.IPAddress.Parse(host), port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        _app = builder.Build();
        _app.MapPost("/tx", SubmitAsync);
        _app.MapGet("/status", StatusAsync);
        _app.MapGet("/blocks/{height}", Block);
        _app.MapGet("/proof/{entryId}", Proof);
        _app.MapGet("/metrics", MetricsAsync);
        _app.MapPost("/cross-shard/state", CrossShardStateAsync);
        _app.MapGet("/fl", Fl);
    }

    /// <summary>Txs one <c>POST /cross-shard/state</c> may ask about.</summary>
    public const int MaxCrossShardQuery = 4096;

    public Task StartAsync(CancellationToken cancel) => _app.StartAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The FL client's rounds and swarm counters; 404 on a node started without <c>--fl</c>.</summary>
    private IResult Fl() => _runtime.Fl is { } fl
        ? Results.Json(DumboFL.Runner.Fl.FlStatusJson.Render(_runtime.Id, fl))
        : Results.Json(new JsonObject { ["error"] = "this node runs no FL client (start it with --fl)" }, statusCode: 404);

    private async Task<IResult> SubmitAsync(HttpRequest request, CancellationToken cancel)
    {
        List<DecodedEntry> entries;
        byte[]? rented = null;
        try
        {
            // Bodies are often over 85 KB: a pooled buffer instead of two large-object-heap copies per request.
            var (buffer, length) = await ReadBodyAsync(request, cancel).ConfigureAwait(false);
            rented = buffer;
            entries = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                ? ParseJson(buffer.AsMemory(0, length))
                : ParseFramed(buffer.AsSpan(0, length));
        }
        catch (FormatException e)
        {
            _runtime.CountBadRequest();
            return Results.Json(new JsonObject { ["error"] = e.Message }, statusCode: 400);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            _runtime.CountBadRequest();
            return Results.Json(new JsonObject { ["error"] = e.Message }, statusCode: e.StatusCode);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
        var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _runtime.Core.WriteAsync(new EntriesSubmitted(entries, _runtime.Time.GetTimestamp(), reply), cancel).ConfigureAwait(false);
        var outcome = await reply.Task.WaitAsync(cancel).ConfigureAwait(false);
        if (outcome.PoolFull)
        {
            return new RetryAfter(Results.Json(new JsonObject { ["error"] = "pool full", ["pool"] = outcome.Pool }, statusCode: 429));
        }
        var rejected = new JsonArray();
        foreach (var (index, reason) in outcome.Rejected)
        {
            rejected.Add(new JsonObject { ["index"] = index, ["reason"] = reason });
        }
        var answer = new JsonObject { ["accepted"] = outcome.Accepted, ["rejected"] = rejected, ["pool"] = outcome.Pool };
        return Results.Json(answer, statusCode: outcome.Rejected.Count == 0 ? 200 : 400);
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var buffer = pool.Rent(request.ContentLength is { } declared and > 0 and <= MaxBodyBytes ? (int)declared : 64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxBodyBytes)
                    {
                        throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"body over {MaxBodyBytes} bytes", 413);
                    }
                    var larger = pool.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }
                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    /// <summary>Body of <c>u32 LE length ‖ entry bytes</c> records.</summary>
    private static List<DecodedEntry> ParseFramed(ReadOnlySpan<byte> body)
    {
        var entries = new List<DecodedEntry>();
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 4)
            {
                throw new FormatException($"truncated length prefix at byte {offset}");
            }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(body[offset..]);
            offset += 4;
            if (length > (uint)(body.Length - offset))
            {
                throw new FormatException($"entry {entries.Count} claims {length} bytes, {body.Length - offset} left");
            }
            entries.Add(Decode(entries.Count, body.Slice(offset, (int)length).ToArray()));
            offset += (int)length;
        }
        return entries;
    }

    private static List<DecodedEntry> ParseJson(ReadOnlyMemory<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span);
        }
        catch (JsonException e)
        {
            throw new FormatException($"body is not JSON: {e.Message}", e);
        }
        if (root?["entries"] is not JsonArray array)
        {
            throw new FormatException("expected {\"entries\":[\"hex\",…]}");
        }
        var entries = new List<DecodedEntry>(array.Count);
        foreach (var item in array)
        {
            var hex = item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : null;
            byte[]? bytes = null;
            try
            {
                bytes = hex is null ? null : Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
            }
            entries.Add(bytes is null ? new DecodedEntry(entries.Count, null, "not a hex string") : Decode(entries.Count, bytes));
        }
        return entries;
    }

    /// <summary>
    /// The request's bytes (an array of their own, nobody else writes to it), once proved canonical, become the entry's
    /// encoding and are hashed here, on the request's thread: the core loop then neither re-encodes nor hashes a
    /// submitted entry.
    /// </summary>
    private static DecodedEntry Decode(int index, byte[] encoding)
    {
        return EntryCodec.TryDecode(encoding, Hash32.Of(encoding), out var entry, out var error)
            ? new DecodedEntry(index, entry, null)
            : new DecodedEntry(index, null, error);
    }

    private async Task<IResult> StatusAsync(CancellationToken cancel)
    {
        var status = await _runtime.StatusAsync(cancel).ConfigureAwait(false);
        return Results.Text(StatusJson.Render(_runtime, status).ToJsonString(), "application/json");
    }

    private async Task<IResult> MetricsAsync(CancellationToken cancel)
    {
        var status = await _runtime.StatusAsync(cancel).ConfigureAwait(false);
        return Results.Text(MetricsText.Render(_runtime, status), "text/plain; version=0.0.4");
    }

    private IResult Block(string height)
    {
        if (!ulong.TryParse(height, out var h))
        {
            return Results.Json(new JsonObject { ["error"] = $"'{height}' is not a height" }, statusCode: 400);
        }
        var block = _runtime.Store.GetBlock(h);
        return block is null
            ? Results.Json(new JsonObject { ["error"] = $"no block at height {h}", ["height"] = _runtime.Store.Height }, statusCode: 404)
            : Results.Text(BlockJson.Render(block).ToJsonString(), "application/json");
    }

    private IResult Proof(string entryId)
    {
        Hash32 id;
        try
        {
            id = Hash32.FromHex(entryId);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Results.Json(new JsonObject { ["error"] = $"'{entryId}' is not a 64-hex entry id" }, statusCode: 400);
        }
        if (_runtime.Store.FindEntry(id) is not { } location || _runtime.Store.GetBlock(location.Height) is not { } block)
        {
            return Results.Json(new JsonObject { ["error"] = "entry not committed" }, statusCode: 404);
        }
        return Results.Text(BlockJson.RenderProof(block, id).ToJsonString(), "application/json");
    }

    /// <summary>
    /// What this node's committed ledger says of cross-shard txs: the body is, per tx, the id of its input form (what
    /// input shards lock) then the id of its output leg, 64 bytes; the answer, in order, whether each is locked here,
    /// aborted here, and its output leg committed here (docs/CROSS_SHARD.md). Read from the store, not the core.
    /// </summary>
    private async Task<IResult> CrossShardStateAsync(HttpRequest request, CancellationToken cancel)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancel).ConfigureAwait(false);
        var bytes = body.ToArray();
        if (bytes.Length == 0 || bytes.Length % (2 * Hash32.Size) != 0 || bytes.Length / (2 * Hash32.Size) > MaxCrossShardQuery)
        {
            _runtime.CountBadRequest();
            return Results.Json(new JsonObject { ["error"] = $"the body must be 1 to {MaxCrossShardQuery} pairs of 32-byte ids (input form, output leg); got {bytes.Length} bytes" }, statusCode: 400);
        }
        var legs = new JsonArray();
        for (var offset = 0; offset < bytes.Length; offset += 2 * Hash32.Size)
        {
            var legId = new Hash32(bytes.AsSpan(offset, Hash32.Size));
            var outputId = new Hash32(bytes.AsSpan(offset + Hash32.Size, Hash32.Size));
            legs.Add(new JsonObject
            {
                ["locked"] = _runtime.Store.ContainsEntry(legId),
                ["aborted"] = _runtime.Store.FindCrossShard(legId).Aborted,
                ["output"] = _runtime.Store.ContainsEntry(outputId),
            });
        }
        return Results.Text(new JsonObject { ["legs"] = legs }.ToJsonString(), "application/json");
    }

    /// <summary>Adds <c>Retry-After: 1</c> to a 429.</summary>
    private sealed class RetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
