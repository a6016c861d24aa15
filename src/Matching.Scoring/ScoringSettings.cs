using Matching.Data;

namespace Matching.Scoring;

/// <summary>
/// Configuration section <c>Scoring</c>, shared by the console and the API (environment: <c>Scoring__Keep=14</c>,
/// <c>Scoring__Webhook__Url=…</c>). The webhook secret comes from <c>MATCHING_WEBHOOK_SECRET</c> (or
/// <c>Scoring:Webhook:Secret</c>).
/// </summary>
public sealed class ScoringSettings
{
    public const string Section = "Scoring";
    public const string WebhookSecretVariable = "MATCHING_WEBHOOK_SECRET";

    /// <summary>Default top-N per job.</summary>
    public int Top { get; set; } = 100;
    public int Keep { get; set; } = 7;
    public double LockLeaseSeconds { get; set; } = 60;
    public double HeartbeatSeconds { get; set; } = 5;
    /// <summary>Jobs ranked at once; 0 = one per core.</summary>
    public int Parallelism { get; set; }
    public int BatchRows { get; set; } = 10_000;
    public WebhookSettings Webhook { get; set; } = new();

    /// <summary>Checked options; <see cref="ArgumentException"/> names the setting that is wrong.</summary>
    public ScoringRunOptions ToOptions(string? webhookSecret)
    {
        if (Top is < 1 or > ScoringRunOptions.MaxTopN) throw new ArgumentException($"Scoring:Top must be 1–{ScoringRunOptions.MaxTopN}, not {Top}.");
        if (Keep < 1) throw new ArgumentException($"Scoring:Keep must be at least 1, not {Keep}.");
        if (!(LockLeaseSeconds >= 1)) throw new ArgumentException($"Scoring:LockLeaseSeconds must be at least 1, not {LockLeaseSeconds}.");
        if (!(HeartbeatSeconds > 0) || HeartbeatSeconds >= LockLeaseSeconds)
            throw new ArgumentException($"Scoring:HeartbeatSeconds must be above 0 and below LockLeaseSeconds ({LockLeaseSeconds}), not {HeartbeatSeconds}.");
        if (Parallelism < 0) throw new ArgumentException($"Scoring:Parallelism must be 0 (one per core) or more, not {Parallelism}.");
        if (BatchRows < 1) throw new ArgumentException($"Scoring:BatchRows must be at least 1, not {BatchRows}.");

        WebhookOptions? webhook = null;
        if (!string.IsNullOrWhiteSpace(Webhook.Url))
        {
            if (!Uri.TryCreate(Webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new ArgumentException("Scoring:Webhook:Url must be an absolute http(s) URL.");
            if (Webhook.MaxAttempts < 1) throw new ArgumentException($"Scoring:Webhook:MaxAttempts must be at least 1, not {Webhook.MaxAttempts}.");
            webhook = new WebhookOptions
            {
                Url = url,
                Secret = string.IsNullOrEmpty(webhookSecret) ? Webhook.Secret : webhookSecret,
                MaxAttempts = Webhook.MaxAttempts,
                BaseDelay = TimeSpan.FromSeconds(Math.Max(0, Webhook.BaseDelaySeconds)),
                AttemptTimeout = TimeSpan.FromSeconds(Math.Max(0.1, Webhook.TimeoutSeconds)),
            };
        }

        return new ScoringRunOptions
        {
            Keep = Keep,
            LockLease = TimeSpan.FromSeconds(LockLeaseSeconds),
            HeartbeatInterval = TimeSpan.FromSeconds(HeartbeatSeconds),
            Parallelism = Parallelism == 0 ? Environment.ProcessorCount : Parallelism,
            BatchRows = BatchRows,
            Webhook = webhook,
        };
    }
}

public sealed class WebhookSettings
{
    public string? Url { get; set; }
    /// <summary>Prefer <c>MATCHING_WEBHOOK_SECRET</c>; never logged.</summary>
    public string? Secret { get; set; }
    public int MaxAttempts { get; set; } = 5;
    public double BaseDelaySeconds { get; set; } = 2;
    public double TimeoutSeconds { get; set; } = 10;

    public override string ToString() => $"WebhookSettings {{ Url = {Url}, Secret = {(Secret is null ? "none" : "set")} }}";
}
