using System.Diagnostics.Metrics;
using Matching.Data;
using Matching.Scoring;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Matching.Api.Infrastructure;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";
    public const string StandardOtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Where to push traces and metrics (OTLP); none: no traces, metrics only at <c>/metrics</c>.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary><c>grpc</c> (default, usually port 4317) or <c>http/protobuf</c> (4318; <c>/v1/traces</c> and <c>/v1/metrics</c> are appended).</summary>
    public string OtlpProtocol { get; set; } = "grpc";
    /// <summary>
    /// Serve <c>/metrics</c> only on this port, without a key (the API must listen on it too: add it to
    /// <c>ASPNETCORE_URLS</c>). None: <c>/metrics</c> on the API's own port, admin key required.
    /// </summary>
    public int? MetricsPort { get; set; }

    public static TelemetrySettings Load(IConfiguration config)
    {
        var settings = config.GetSection(Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        settings.Validate();
        return settings;
    }

    public Uri? ResolveOtlpEndpoint(IConfiguration config)
    {
        var text = string.IsNullOrWhiteSpace(OtlpEndpoint) ? config[StandardOtlpEndpointVariable] : OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Telemetry:OtlpEndpoint must be an http(s) URL, not '{text}'.");
        return uri;
    }

    public OtlpExportProtocol ResolveProtocol() => OtlpProtocol.Trim().ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"Telemetry:OtlpProtocol must be grpc or http/protobuf, not '{OtlpProtocol}'."),
    };

    public void Validate()
    {
        if (MetricsPort is < 1 or > 65535) throw new ArgumentException($"Telemetry:MetricsPort must be 1 to 65535, not {MetricsPort}.");
        ResolveProtocol();
    }
}

/// <summary>
/// The API's own instruments, all on the one <c>Matching</c> meter: /match latency, profiles in the match index, the
/// change feed's lag, evidence-cache hits and misses, ingests, scoring runs. Request rate and latency per route come from ASP.NET
/// Core's own <c>http.server.request.duration</c>.
/// </summary>
public sealed class MatchingMetrics
{
    public const string MeterName = "Matching";

    // Seconds: /match takes well under a millisecond to a few milliseconds in process; the tail goes to the database.
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<double> _matchDuration;
    private readonly Counter<long> _ingested;

    public MatchingMetrics(IMeterFactory meters, MatchIndexHost index, EvidenceCache evidence)
    {
        var meter = meters.Create(MeterName);
        ScoringRuns = new ScoringRunMetrics(meter);
        _matchDuration = meter.CreateHistogram<double>("matching.match.duration", "s",
            "Time to rank and explain one POST /match (resolving requirements, ranking, evidence), by source (job or requirements).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _ingested = meter.CreateCounter<long>("matching.profiles.ingested", "{profile}",
            "Questionnaires stored by POST /profiles, by outcome (created or replaced).");
        meter.CreateObservableGauge("matching.index.profiles",
            () => index.IsReady ? [new Measurement<int>(index.Index.Count)] : Array.Empty<Measurement<int>>(),
            "{profile}", "Profiles in this process's match index.");
        meter.CreateObservableGauge("matching.change_feed.lag",
            () => index.SinceCaughtUp is { } lag ? [new Measurement<double>(lag.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Time since the match index last caught up with the database's change feed (under a poll interval when healthy; grows while the database is unreachable).");
        meter.CreateObservableCounter("matching.evidence_cache.hits", () => evidence.Counts.Hits, "{profile}",
            "Profiles whose evidence quotes /match found in the evidence cache.");
        meter.CreateObservableCounter("matching.evidence_cache.misses", () => evidence.Counts.Misses, "{profile}",
            "Profiles whose evidence quotes /match had to read from the database.");
    }

    /// <summary>Runs started by <c>POST /scoring-runs</c> (the nightly program counts its own on the same instruments).</summary>
    public ScoringRunMetrics ScoringRuns { get; }

    public void MatchCompleted(TimeSpan elapsed, bool byJob) =>
        _matchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("source", byJob ? "job" : "requirements"));

    public void ProfileIngested(bool created) =>
        _ingested.Add(1, new KeyValuePair<string, object?>("outcome", created ? "created" : "replaced"));
}

public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Metrics always (Prometheus text at <c>/metrics</c>; OTLP too when an endpoint is configured); traces of ASP.NET
    /// Core, HttpClient (the scoring webhook) and Npgsql only when an OTLP endpoint is configured, as nothing else
    /// would read them.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetrySettings settings, Uri? otlp)
    {
        services.AddSingleton<MatchingMetrics>();
        var protocol = settings.ResolveProtocol();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("matching-api"))
            .WithMetrics(m =>
            {
                m.AddMeter(MatchingMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.RateLimiting")
                    .AddPrometheusExporter();
                ((IDeferredMeterProviderBuilder)m).Configure((sp, b) => b.AddView(OnlyThisHost(sp.GetRequiredService<IMeterFactory>())));
                if (otlp is not null) m.AddOtlpExporter(o => Configure(o, otlp, protocol, "v1/metrics"));
            });
        if (otlp is not null)
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Configure(o, otlp, protocol, "v1/traces")));
        return services;
    }

    /// <summary>
    /// <c>/metrics</c>: with an admin key on the API's port, or (<c>Telemetry:MetricsPort</c>) without a key on that port
    /// only — a request to any other port falls through to 404.
    /// </summary>
    public static void UseMetricsEndpoint(this WebApplication app, TelemetrySettings settings)
    {
        app.Services.GetRequiredService<MatchingMetrics>(); // the observable instruments exist from the start
        if (settings.MetricsPort is { } port)
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: c => c.Request.Path == MetricsPath && c.Connection.LocalPort == port,
                path: null, configureBranchedPipeline: null, optionsName: null);
        else
            // Prometheus text for a scraper, not part of the JSON contract: left out of the OpenAPI document (the README describes it).
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ApiKeyDefaults.AdminPolicy).ExcludeFromDescription();
    }

    /// <summary>
    /// A meter listener sees every meter of the process by name. Meters made by another host's meter factory (ASP.NET
    /// Core's and ours, when several hosts share a process, as in tests) are dropped, so each host reports its own.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, own) ? MetricStreamConfiguration.Drop : null;

    private static void Configure(OtlpExporterOptions o, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        o.Protocol = protocol;
        o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath) : endpoint;
    }
}
