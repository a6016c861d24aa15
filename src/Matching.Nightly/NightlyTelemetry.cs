using System.Diagnostics.Metrics;
using Matching.Data;
using Matching.Scoring;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Matching.Nightly;

/// <summary>
/// The nightly program's <c>Matching</c> meter: scoring-run throughput on the same instruments as the API's. Pushed by
/// OTLP when <c>Telemetry:OtlpEndpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set, as the API does; flushed when
/// the program ends, so a single cron run is exported too.
/// </summary>
internal static class NightlyTelemetry
{
    private static readonly Meter Meter = new("Matching");

    public static ScoringRunMetrics ScoringRuns { get; } = new(Meter);

    /// <summary>The exporter to dispose at exit (which flushes it), or null when no endpoint is configured.</summary>
    public static MeterProvider? Start(IConfiguration config)
    {
        var text = config["Telemetry:OtlpEndpoint"] is { Length: > 0 } configured ? configured : config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Telemetry:OtlpEndpoint must be an http(s) URL, not '{text}'.");
        var protocol = (config["Telemetry:OtlpProtocol"] ?? "grpc").Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new ArgumentException($"Telemetry:OtlpProtocol must be grpc or http/protobuf, not '{other}'."),
        };
        return Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("matching-nightly"))
            .AddMeter(Meter.Name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                    ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics")
                    : endpoint;
            })
            .Build();
    }
}
