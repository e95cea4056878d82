using System.CommandLine;
using DumboFL.Learning.Rounds;
using DumboFL.Runner.Launch;
using DumboFL.Runner.Fl;
using DumboFL.Runner.Output;
using Spectre.Console;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl fl</c>: a real multi-process FL experiment — K×N node processes, one FL client each, training, chunk
/// exchange through the swarm and aggregation committed on the ledger (docs/LEARNING.md) — with a live round table, a
/// CSV and an SVG plot in <c>--out</c>, and <c>--json</c>.
/// </summary>
public static class FlCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new FlSettings();
        var shards = new Option<int>("--shards") { Description = "Shards (each aggregates its own clients)", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes", "-n") { Description = "Nodes per shard, one FL client each (n = 3f+1 ≥ 4)", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "FL rounds", DefaultValueFactory = _ => defaults.Rounds };
        var topology = new Option<string>("--topology") { Description = "Swarm topology: star, ring, tree, mesh, full, custom", DefaultValueFactory = _ => "mesh" };
        var edges = new Option<string?>("--edges") { Description = "Edge list file of --topology custom (lines 'a b' naming two node ids)" };
        var model = new Option<string>("--model") { Description = "mlp or softmax", DefaultValueFactory = _ => defaults.Model };
        var dataset = new Option<string>("--dataset") { Description = "synthetic, or csv:PATH (rows label,f1,f2,…)", DefaultValueFactory = _ => defaults.Dataset };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet label skew among clients (small: very non-IID)", DefaultValueFactory = _ => defaults.Alpha };
        var noise = new Option<double>("--noise") { Description = "Spread of the synthetic classes (larger: harder)", DefaultValueFactory = _ => defaults.Noise };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Bytes per chunk of an update", DefaultValueFactory = _ => defaults.ChunkSize };
        var aggregator = new Option<string>("--aggregator") { Description = "fedavg, median, trimmed or krum", DefaultValueFactory = _ => "fedavg" };
        var epochs = new Option<int>("--epochs") { Description = "Local epochs per round", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, the split, the initial model and training", DefaultValueFactory = _ => defaults.Seed };
        var corrupt = new Option<int>("--corrupt-peers") { Description = "Nodes that serve corrupted chunks (fault injection; at most f per shard)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds before the run gives up", DefaultValueFactory = _ => 300 };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for keys, data, logs, rounds.csv and accuracy.svg (default: a new one under ./runs/)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var command = new Command("fl", "Run a federated-learning experiment on a local multi-process cluster")
        {
            shards, nodes, rounds, topology, edges, model, dataset, alpha, noise, chunkSize, aggregator, epochs, seed, corrupt, timeout, outDir, json,
        };
        command.SetAction(result =>
        {
            var errors = new List<string>();
            FlSettings? settings = null;
            try
            {
                settings = new FlSettings
                {
                    Rounds = result.GetValue(rounds),
                    Model = result.GetValue(model)!,
                    Dataset = result.GetValue(dataset)!,
                    Alpha = result.GetValue(alpha),
                    Noise = result.GetValue(noise),
                    Seed = result.GetValue(seed),
                    Epochs = result.GetValue(epochs),
                    ChunkSize = result.GetValue(chunkSize),
                    Aggregator = FlSettingsFile.ParseAggregator(result.GetValue(aggregator)!),
                    Topology = FlSettingsFile.ParseTopology(result.GetValue(topology)!),
                    EdgeFile = result.GetValue(edges) is { } e ? Path.GetFullPath(e) : null,
                };
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
            var options = new FlOptions
            {
                Shards = result.GetValue(shards),
                Nodes = result.GetValue(nodes),
                Settings = settings ?? new FlSettings(),
                CorruptPeers = result.GetValue(corrupt),
                Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
                Out = result.GetValue(outDir),
            };
            errors.AddRange(options.Validate());
            if (settings is not null && errors.Count == 0)
            {
                errors.AddRange(CheckExperiment(options));
            }
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    context.Error.WriteLine($"dumbofl fl: {error}");
                }
                return ExitCodes.BadArguments;
            }
            return Execute(options, result.GetValue(json), DumboflExecutable.Current(), context);
        });
        return command;
    }

    /// <summary>
    /// Whether up to f faulty nodes could split a shard's swarm (a star's hub, a ring or tree cut): honest nodes on
    /// either side could then never hold n − f updates, and no round would close. Not refused: a researcher may want it.
    /// </summary>
    public static string? TopologyWarning(FlOptions options)
    {
        var settings = options.Settings;
        var ids = Enumerable.Range(0, options.Nodes).Select(i => NodeIds.Of(0, i)).ToList();
        try
        {
            var cut = DumboFL.Learning.Swarm.Topology.Build(settings.Topology, ids, settings.Seed, settings.Degree, settings.EdgeFile).CutBy(options.F);
            return cut is null
                ? null
                : $"in a shard, {string.Join(" and ", cut)} going silent or being banned would split the {settings.Topology.ToString().ToLowerInvariant()} swarm " +
                  $"(f = {options.F}): honest nodes could then not close a round; mesh and full tolerate f";
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>What every node would refuse at start (data set, model, topology), found here with a clear message instead.</summary>
    private static IEnumerable<string> CheckExperiment(FlOptions options)
    {
        var settings = options.Settings;
        var error = (string?)null;
        try
        {
            var (_, test) = settings.Data(0, options.Shards * options.Nodes);
            settings.Trainer(test.FeatureCount, test.ClassCount);
            var ids = Enumerable.Range(0, options.Nodes).Select(i => NodeIds.Of(0, i)).ToList();
            DumboFL.Learning.Swarm.Topology.Build(settings.Topology, ids, settings.Seed, settings.Degree, settings.EdgeFile);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or FormatException or UnauthorizedAccessException)
        {
            error = e.Message;
        }
        return error is null ? [] : [error];
    }

    public static int Execute(FlOptions options, bool json, DumboflExecutable dumbofl, CliContext context)
    {
        if (TopologyWarning(options) is { } warning)
        {
            context.Error.WriteLine($"dumbofl fl: warning: {warning}");
        }
        var outDirectory = options.Out ?? LaunchOptions.NewRunDirectory("fl");
        var console = ConsoleFactory.Create(context);
        using var signals = new ShutdownSignals();
        FlResult result;
        try
        {
            if (!json && context.IsTerminal)
            {
                console.MarkupLine($"[grey]starting {options.Shards * options.Nodes} nodes with FL clients in {Markup.Escape(outDirectory)}…[/]");
                result = console.Live(new Markup("[grey]waiting for every node's ready line…[/]")).AutoClear(true)
                    .StartAsync(async live => await new FlRun(options, outDirectory, dumbofl, tick =>
                    {
                        live.UpdateTarget(FlView.Render(tick));
                        live.Refresh();
                    }).RunAsync(signals.Token).ConfigureAwait(false))
                    .GetAwaiter().GetResult();
            }
            else
            {
                context.Error.WriteLine($"dumbofl fl: {options.Shards * options.Nodes} nodes, {options.Settings.Rounds} rounds; run directory {outDirectory}");
                result = new FlRun(options, outDirectory, dumbofl, onTick: null).RunAsync(signals.Token).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is TimeoutException or NodeExitedException or IOException or UnauthorizedAccessException or OperationCanceledException
            or InvalidOperationException or HttpRequestException or System.ComponentModel.Win32Exception)
        {
            context.Error.WriteLine($"dumbofl fl: {e.Message}");
            context.Error.WriteLine($"dumbofl fl: every node was stopped; logs in {Path.Combine(outDirectory, "logs")}");
            return ExitCodes.CheckFailed;
        }
        FlOutputs.WriteFiles(result);
        if (json)
        {
            context.Out.WriteLine(FlOutputs.Json(result));
        }
        else
        {
            FlView.Summary(console, result);
        }
        foreach (var problem in result.Problems)
        {
            context.Error.WriteLine($"dumbofl fl: {problem}");
        }
        return result.Passed ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
