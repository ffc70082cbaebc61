using System.Globalization;
using System.Net;

namespace SseOrleans.Benchmarks.Load;

/// <summary>The load tool's command line: <c>--name value</c> pairs and a few flags.</summary>
internal sealed record LoadOptions
{
    public const string Help = """
        load [options]
          --url URL                 server (loopback only)                     http://127.0.0.1:8001
          --urls URL,URL,...        several front-ends of one cluster: publishes round-robin over
                                    them, each namespace's subscribers spread evenly over them
          --scenario NAME           label for the RESULT line                  load
          --target NAME             label for the RESULT line (api, baseline)  (none)
          --series NAME             label for the RESULT line (scale.sh: the series of a row)  (none)
          --connections N           subscribers                                1000
          --namespace PATH          subscribed (and published) namespace       /bench
          --rate R                  events/s published (0: unpaced, --publish-only's default) 1000
          --size B                  data bytes per event                       64
          --warmup S                seconds before the measured window         2
          --duration S              seconds measured                           10
          --grace S                 wait for late events after publishing      3
          --sources N               source addresses 127.0.0.1..127.0.0.N      8
          --publish http|grain|none publisher: HTTP POST, the .NET grain client
                                    (client.PublishAsync), or none (only subscribe) http
          --gateway-port P          --publish grain: the silo's gateway on 127.0.0.1 30000
          --service-id ID           --publish grain: Orleans ServiceId         sse-orleans
          --cluster-id ID           --publish grain: Orleans ClusterId         dev
          --concurrency N           publish requests in flight                 32
          --server-pid PID          read the server's RSS and CPU from /proc
          --silo-pids PID,...       a cluster's silos: CPU (cgroup or /proc), CPU quota and throttled
                                    periods (cgroup cpu.stat) of each over the window, silo CPU per publish
          --front-end-pids PID,...  the same for its front-ends
          --redis-pid PID           the same for its redis-server
          --sample-interval S       sample the server's RSS every S seconds of the measured
                                    window (first/last/min/max, drift); 0: no samples  0
          --idle                    open connections, publish nothing, measure RSS per connection
          --idle-settle S           seconds idle before measuring RSS          5
          --storm                   connect storm: open --storm-warm connections, settle 2 s, then
                                    open --connections at --connect-concurrency and report the time
                                    from the first connect to the last retry: line (connect_span_ms)
          --storm-warm N            storm: connections opened (and kept) first 500
          --herd                    a fresh server's herd: open --connections at --connect-concurrency
                                    (connect_span_ms), RSS per connection after --idle-settle, then the
                                    first byte of --probes subscribes to a live and to new namespaces
          --probes N                herd: first-byte probes of each kind        20
          --spread F1,F2,...        namespace tree below --namespace (fan-out per level);
                                    subscribers spread over all nodes, events published to leaves
          --namespaces N            publish round-robin over N namespaces below --namespace (= --spread N)
          --leaves-only             subscribers only on the leaves, not on --namespace and inner nodes
          --publish-only            no subscribers: accepted publishes/s
          --search                  step the rate up from --rate to the highest passing one
          --max-loss-pct P          search: pass when loss < P                 0.1
          --max-p99-ms M            search: pass when p99 < M                  100
          --search-warmup S         search: the first step's warm-up (at least) 5
          --search-retries N        search: run a failing step again, up to N times, before it fails 0
          --connect-concurrency N   connections being opened at once           64
          --receive-buffer B        bytes per connection's receive buffer      8192
          --timeout S               hard stop (default: computed from the run)
        """;

    /// <summary>The servers (front-ends) in the order given; <c>--url</c> names one.</summary>
    public Uri[] Urls { get; init; } = [new("http://127.0.0.1:8001")];
    public string Scenario { get; init; } = "load";
    public string? Target { get; init; }
    public string? Series { get; init; }
    public int Connections { get; init; } = 1000;
    public string Namespace { get; init; } = "/bench";
    public double Rate { get; init; } = 1000;
    public int Size { get; init; } = 64;
    public double Warmup { get; init; } = 2;
    public double Duration { get; init; } = 10;
    public double Grace { get; init; } = 3;
    public int Sources { get; init; } = 8;

    /// <summary>How events are published: <c>http</c>, <c>grain</c> or <c>none</c>.</summary>
    public string PublishVia { get; init; } = "http";
    public int GatewayPort { get; init; } = 30000;
    public string ServiceId { get; init; } = "sse-orleans";
    public string ClusterId { get; init; } = "dev";
    public int Concurrency { get; init; } = 32;
    public int? ServerPid { get; init; }
    public int[] SiloPids { get; init; } = [];
    public int[] FrontEndPids { get; init; } = [];
    public int? RedisPid { get; init; }
    public bool Idle { get; init; }
    public double IdleSettle { get; init; } = 5;
    public bool Storm { get; init; }
    public int StormWarm { get; init; } = 500;
    public bool Herd { get; init; }
    public int Probes { get; init; } = 20;
    public double SampleInterval { get; init; }
    public int[] Spread { get; init; } = [];
    public bool LeavesOnly { get; init; }
    public bool PublishOnly { get; init; }
    public bool Search { get; init; }
    public double MaxLossPct { get; init; } = 0.1;
    public double MaxP99Ms { get; init; } = 100;
    public double SearchWarmup { get; init; } = 5;
    public int SearchRetries { get; init; }
    public int ConnectConcurrency { get; init; } = 64;
    public int ReceiveBuffer { get; init; } = 8192;
    public double? Timeout { get; init; }

    public Uri Url => Urls[0];

    public IPEndPoint[] Servers => Array.ConvertAll(Urls, url => new IPEndPoint(ResolveLoopback(url.Host), url.Port));

    /// <summary>Whether the pids of a cluster's processes were given (<c>--silo-pids</c> and the like).</summary>
    public bool HasClusterNodes => SiloPids.Length + FrontEndPids.Length > 0 || RedisPid is not null;

    public bool Publish => PublishVia != "none";

    /// <summary>The RESULT line's <c>mode</c>.</summary>
    public string Mode => PublishOnly ? "publish-only" : Idle ? "idle" : Storm ? "storm" : Herd ? "herd" : Search ? "search" : Publish ? "deliver" : "listen";

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        var rateGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            rateGiven |= name == "--rate";
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--url" => options with { Urls = [new Uri(Value())] },
                "--urls" => options with { Urls = UrisOf(Value()) },
                "--scenario" => options with { Scenario = Value() },
                "--target" => options with { Target = Value() },
                "--series" => options with { Series = Value() },
                "--connections" => options with { Connections = Int(Value()) },
                "--namespace" => options with { Namespace = Value() },
                "--rate" => options with { Rate = Number(Value()) },
                "--size" => options with { Size = Int(Value()) },
                "--warmup" => options with { Warmup = Number(Value()) },
                "--duration" => options with { Duration = Number(Value()) },
                "--grace" => options with { Grace = Number(Value()) },
                "--sources" => options with { Sources = Int(Value()) },
                "--publish" => options with { PublishVia = PublishOf(Value()) },
                "--gateway-port" => options with { GatewayPort = Int(Value()) },
                "--service-id" => options with { ServiceId = Value() },
                "--cluster-id" => options with { ClusterId = Value() },
                "--concurrency" => options with { Concurrency = Int(Value()) },
                "--server-pid" => options with { ServerPid = Int(Value()) },
                "--silo-pids" => options with { SiloPids = IntsOf(Value()) },
                "--front-end-pids" => options with { FrontEndPids = IntsOf(Value()) },
                "--redis-pid" => options with { RedisPid = Int(Value()) },
                "--idle" => options with { Idle = true },
                "--idle-settle" => options with { IdleSettle = Number(Value()) },
                "--storm" => options with { Storm = true },
                "--storm-warm" => options with { StormWarm = Int(Value()) },
                "--herd" => options with { Herd = true },
                "--probes" => options with { Probes = Int(Value()) },
                "--sample-interval" => options with { SampleInterval = Number(Value()) },
                "--spread" => options with { Spread = SpreadOf(Value()) },
                "--namespaces" => options with { Spread = [Int(Value())] },
                "--leaves-only" => options with { LeavesOnly = true },
                "--publish-only" => options with { PublishOnly = true },
                "--search" => options with { Search = true },
                "--max-loss-pct" => options with { MaxLossPct = Number(Value()) },
                "--max-p99-ms" => options with { MaxP99Ms = Number(Value()) },
                "--search-warmup" => options with { SearchWarmup = Number(Value()) },
                "--search-retries" => options with { SearchRetries = Int(Value()) },
                "--connect-concurrency" => options with { ConnectConcurrency = Int(Value()) },
                "--receive-buffer" => options with { ReceiveBuffer = Int(Value()) },
                "--timeout" => options with { Timeout = Number(Value()) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.PublishOnly)
        {
            options = options with { Rate = rateGiven ? options.Rate : 0, Connections = 0 };
        }

        options.Validate();
        return options;
    }

    private void Validate()
    {
        _ = Servers;
        if (Sources is < 1 or > 254)
        {
            throw new ArgumentException("--sources must be 1..254");
        }

        if (Connections < 0 || Size < 0 || Rate < 0 || Duration <= 0 || Warmup < 0 || SearchWarmup < 0 || SearchRetries < 0 || Concurrency < 1 || ConnectConcurrency < 1 || ReceiveBuffer < 256)
        {
            throw new ArgumentException("a count, size, rate or time is out of range");
        }

        if (Rate == 0 && !PublishOnly)
        {
            throw new ArgumentException("--rate 0 (unpaced) is only for --publish-only: loss needs a known schedule");
        }

        if ((PublishOnly ? 1 : 0) + (Idle ? 1 : 0) + (Storm ? 1 : 0) + (Herd ? 1 : 0) + (Search ? 1 : 0) > 1)
        {
            throw new ArgumentException("--publish-only, --idle, --storm, --herd and --search are separate modes: give one");
        }

        if (PublishOnly && !Publish)
        {
            throw new ArgumentException("--publish-only needs a publisher (--publish http or grain)");
        }

        if (StormWarm < 0 || Probes < 0 || SampleInterval < 0 || GatewayPort is < 1 or > 65535)
        {
            throw new ArgumentException("--storm-warm, --probes, --sample-interval or --gateway-port is out of range");
        }
    }

    /// <summary>The tool only ever talks to this machine: 127.0.0.0/8, ::1 or localhost.</summary>
    private static IPAddress ResolveLoopback(string host)
    {
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host.Trim('[', ']'));
        return IPAddress.IsLoopback(address) ? address : throw new ArgumentException($"{host} is not a loopback address; the load tool only targets this machine");
    }

    private static string PublishOf(string text) =>
        text is "http" or "grain" or "none" ? text : throw new ArgumentException($"--publish {text}: http, grain or none");

    private static Uri[] UrisOf(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? Array.ConvertAll(parts, part => new Uri(part)) : throw new ArgumentException("--urls needs at least one URL");
    }

    private static int[] IntsOf(string text) =>
        Array.ConvertAll(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Int);

    private static int[] SpreadOf(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var spread = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            spread[i] = Int(parts[i]);
            if (spread[i] < 1)
            {
                throw new ArgumentException("--spread needs positive fan-outs, e.g. 3,3");
            }
        }

        return spread;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
