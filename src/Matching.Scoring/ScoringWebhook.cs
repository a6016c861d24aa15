using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

using Matching.Data;

namespace Matching.Scoring;

/// <summary>Where the finish webhook goes. <see cref="Secret"/> signs it and is never logged or stored.</summary>
public sealed record WebhookOptions
{
    public Uri? Url { get; init; }
    public string? Secret { get; init; }
    public int MaxAttempts { get; init; } = 5;
    /// <summary>The first retry's delay; each next one doubles it (with jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"WebhookOptions {{ Url = {Url?.GetLeftPart(UriPartial.Authority)}, Secret = {(Secret is null ? "none" : "set")} }}";
}

/// <summary>
/// POSTs a finished run's summary as JSON to the configured URL, signed like GitHub's webhooks:
/// <c>X-Matching-Signature: sha256=&lt;hex HMAC-SHA256 of the exact body bytes with the secret&gt;</c>. Retried with
/// exponential back-off (Polly) on network errors, timeouts, 408, 429 and 5xx; every attempt sends the same bytes and
/// the same <c>X-Matching-Delivery</c> id, so a receiver can drop duplicates. The outcome is returned, never thrown.
/// </summary>
public sealed class ScoringWebhook(WebhookOptions options, ILogger? logger = null, HttpMessageHandler? handler = null)
{
    public const string SignatureHeader = "X-Matching-Signature";
    public const string EventHeader = "X-Matching-Event";
    public const string DeliveryHeader = "X-Matching-Delivery";
    public const string FinishedEvent = "scoring-run.finished";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    // One client per process (or per handler given, for tests): sockets are reused and DNS is refreshed.
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    private readonly HttpClient _client = handler is null ? SharedClient : new HttpClient(handler, disposeHandler: false);

    public bool Enabled => options.Url is not null;

    public async Task<WebhookDelivery> DeliverAsync(ScoringRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (options.Url is not { } url) throw new InvalidOperationException("No webhook URL is configured.");
        var target = url.GetLeftPart(UriPartial.Authority);
        if (string.IsNullOrEmpty(options.Secret))
        {
            logger?.LogError("The scoring webhook to {Target} is not sent: no secret is configured (MATCHING_WEBHOOK_SECRET)", target);
            return new WebhookDelivery(WebhookDelivery.FailedStatus, 0, "No webhook secret is configured (MATCHING_WEBHOOK_SECRET); nothing was sent.", DateTimeOffset.UtcNow);
        }

        var deliveryId = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload.From(run, deliveryId), Json);
        var signature = "sha256=" + Sign(options.Secret, body);
        var attempts = 0;
        HttpStatusCode? lastStatus = null;

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    logger?.LogWarning("Scoring webhook attempt {Attempt} to {Target} failed ({Reason}); retrying in {Delay}",
                        args.AttemptNumber + 1, target,
                        args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}", args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Post, url);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add(SignatureHeader, signature);
                request.Headers.Add(EventHeader, FinishedEvent);
                request.Headers.Add(DeliveryHeader, deliveryId);
                var response = await _client.SendAsync(request, token);
                lastStatus = response.StatusCode;
                return response;
            }, ct);

            if (response.IsSuccessStatusCode)
            {
                logger?.LogInformation("Scoring webhook delivered to {Target} (HTTP {Status}, attempt {Attempts})", target, (int)response.StatusCode, attempts);
                return new WebhookDelivery(WebhookDelivery.Delivered, attempts, null, DateTimeOffset.UtcNow);
            }
            var error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} after {attempts} attempt(s)";
            logger?.LogWarning("Scoring webhook to {Target} failed: {Error}", target, error);
            return new WebhookDelivery(WebhookDelivery.FailedStatus, attempts, error, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var reason = e is TimeoutRejectedException ? $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s" : e.Message;
            var error = $"{reason} after {attempts} attempt(s)" + (lastStatus is { } s ? $" (last HTTP {(int)s})" : "");
            logger?.LogWarning("Scoring webhook to {Target} failed: {Error}", target, error);
            return new WebhookDelivery(WebhookDelivery.FailedStatus, attempts, error, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the body; what a receiver recomputes to check <see cref="SignatureHeader"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The JSON body: the event, the delivery id and the run's summary.</summary>
    private sealed record Payload(string Event, string DeliveryId, RunSummary Run)
    {
        public static Payload From(ScoringRun run, string deliveryId) => new(FinishedEvent, deliveryId, RunSummary.From(run));
    }

    private sealed record RunSummary(
        string Id,
        string Status,
        string Trigger,
        DateTimeOffset StartedAt,
        DateTimeOffset? FinishedAt,
        int TopN,
        IReadOnlyList<string>? Jobs,
        string ScorerVersion,
        string TaxonomyVersion,
        string? PreviousRunId,
        int Profiles,
        int JobsTotal,
        int JobsScored,
        int Results,
        ChangeTotals Changes,
        string? Error)
    {
        public static RunSummary From(ScoringRun r) => new(r.Id, r.Status, r.Trigger, r.StartedAt, r.FinishedAt, r.TopN, r.JobFilter,
            r.ScorerVersion, r.TaxonomyVersion, r.PreviousRunId, r.Profiles, r.JobsTotal, r.JobsScored, r.Results, r.Changes, r.Error);
    }
}
