using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DumboFL.Runner.Launch;

/// <summary>A client of one node's HTTP API (docs/NODE.md, "Client API").</summary>
public sealed class NodeApi
{
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly HttpClient _http;

    public NodeApi(HttpClient http, Uri baseUri)
    {
        _http = http;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>One client for all nodes: loopback only, no proxy, a few connections per node for the senders.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = 16,
        ConnectTimeout = TimeSpan.FromSeconds(3),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public async Task<NodeStatus> StatusAsync(CancellationToken cancel)
    {
        var json = await _http.GetStringAsync(new Uri(BaseUri, "/status"), cancel).ConfigureAwait(false);
        return NodeStatus.Parse(json);
    }

    /// <summary>The header hash (hex) of the block at <paramref name="height"/>; null when the node has no such block.</summary>
    public async Task<string?> BlockHashAsync(long height, CancellationToken cancel)
    {
        using var response = await _http.GetAsync(new Uri(BaseUri, $"/blocks/{height}"), cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false));
        return document.RootElement.TryGetProperty("hash", out var hash) ? hash.GetString() : null;
    }

    /// <summary><c>GET /fl</c>: the node's FL client state (docs/LEARNING.md).</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> FlAsync(CancellationToken cancel)
    {
        var text = await _http.GetStringAsync(new Uri(BaseUri, "/fl"), cancel).ConfigureAwait(false);
        return System.Text.Json.Nodes.JsonNode.Parse(text) as System.Text.Json.Nodes.JsonObject
            ?? throw new JsonException("GET /fl did not answer a JSON object");
    }

    public Task<string> MetricsAsync(CancellationToken cancel) =>
        _http.GetStringAsync(new Uri(BaseUri, "/metrics"), cancel);

    /// <summary><c>POST /cross-shard/state</c>: the JSON answer for pairs of (input-form id, output-leg id).</summary>
    public async Task<string> CrossShardStateAsync(byte[] pairs, CancellationToken cancel)
    {
        using var content = new ByteArrayContent(pairs);
        content.Headers.ContentType = OctetStream;
        using var response = await _http.PostAsync(new Uri(BaseUri, "/cross-shard/state"), content, cancel).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? text : throw new HttpRequestException($"POST /cross-shard/state: HTTP {(int)response.StatusCode}: {Shorten(text)}");
    }

    public async Task<SubmitResult> SubmitAsync(ReadOnlyMemory<byte> body, int count, CancellationToken cancel)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = OctetStream;
        using var response = await _http.PostAsync(new Uri(BaseUri, "/tx"), content, cancel).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => Counts(SubmitOutcome.Taken, text, count),
            HttpStatusCode.BadRequest => Counts(SubmitOutcome.PartlyRejected, text, count),
            HttpStatusCode.TooManyRequests => new SubmitResult(SubmitOutcome.PoolFull, 0, 0, RetryAfter(response)),
            _ => new SubmitResult(SubmitOutcome.Failed, 0, 0, null) { Error = $"HTTP {(int)response.StatusCode}: {Shorten(text)}" },
        };
    }

    private static SubmitResult Counts(SubmitOutcome outcome, string text, int count)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("accepted", out var accepted))
            {
                var rejected = root.TryGetProperty("rejected", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : 0;
                return new SubmitResult(outcome, accepted.GetInt32(), rejected, null);
            }
        }
        catch (JsonException)
        {
            // Handled below, like any body that is not the documented one.
        }
        // A 200 means everything was taken whatever its body says; a 400 without "accepted" is a malformed request.
        return outcome == SubmitOutcome.Taken
            ? new SubmitResult(outcome, count, 0, null)
            : new SubmitResult(SubmitOutcome.Failed, 0, 0, null) { Error = $"HTTP 400: {Shorten(text)}" };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
