using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Matching.Api.Infrastructure;

/// <summary>One quota: so many requests per fixed window, none queued (over it is a 429 at once).</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 10;

    public void Validate(string name)
    {
        if (PermitLimit is < 1 or > 10_000_000)
            throw new ArgumentException($"RateLimits:{name}:PermitLimit must be 1 to 10000000, not {PermitLimit}.");
        if (WindowSeconds is < 1 or > 86_400)
            throw new ArgumentException($"RateLimits:{name}:WindowSeconds must be 1 to 86400, not {WindowSeconds}.");
    }
}

/// <summary>
/// Configuration section <c>RateLimits</c>: a quota per API key by the key's scope, and one per client IP address for
/// requests without a valid key (health, Swagger UI, and attempts with a missing or wrong key). Generous by default:
/// enough for any one client's normal use, not enough for one key to take the whole API (it answers about 2,500
/// <c>/match</c> calls a second on two cores).
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;
    public RateLimit Read { get; set; } = new() { PermitLimit = 1000 };
    public RateLimit Write { get; set; } = new() { PermitLimit = 1000 };
    public RateLimit Admin { get; set; } = new() { PermitLimit = 2000 };
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 200 };

    public static RateLimitSettings Load(IConfiguration config)
    {
        var settings = config.GetSection(Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        Read.Validate(nameof(Read));
        Write.Validate(nameof(Write));
        Admin.Validate(nameof(Admin));
        Anonymous.Validate(nameof(Anonymous));
    }
}

/// <summary>
/// The API's quotas on ASP.NET Core's rate limiter. A request is counted against its key (the key's configured name and
/// scope, never the key itself) or, without a valid key, against its client address; over the quota the answer is 429
/// problem+json with <c>Retry-After</c> (seconds until the window ends), <c>code</c> <c>rate-limited</c> and
/// <c>retryAfter</c>. Runs after authentication (so the key is known) and before authorization and the endpoints.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        if (!settings.Enabled) return services;
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (partition, limit) = PartitionOf(context.User, context.Connection.RemoteIpAddress?.ToString(), settings);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = (rejected, _) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease);
        });
    }

    public static IApplicationBuilder UseApiRateLimits(this IApplicationBuilder app, RateLimitSettings settings) =>
        settings.Enabled ? app.UseRateLimiter() : app;

    /// <summary>The bucket a request is counted in and its quota: <c>read:NAME</c>, <c>admin:NAME</c>, <c>ip:ADDRESS</c>.</summary>
    internal static (string Partition, RateLimit Limit) PartitionOf(ClaimsPrincipal user, string? address, RateLimitSettings settings)
    {
        if (user.Identity is { IsAuthenticated: true, Name: { } name })
        {
            var scopes = user.FindAll(ApiKeyDefaults.ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var (scope, limit) = scopes.Contains("admin") ? ("admin", settings.Admin)
                : scopes.Contains("write") ? ("write", settings.Write)
                : ("read", settings.Read);
            return ($"{scope}:{name}", limit);
        }
        return ($"ip:{address ?? "unknown"}", settings.Anonymous);
    }

    private static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var who = context.User.Identity is { IsAuthenticated: true } ? "this API key" : "requests without an API key from this address";
        // The problem writer adds code, type and traceId.
        await Problems.Result(ProblemTypes.RateLimited,
                $"The request quota for {who} is used up for now; retry after {seconds} s (Retry-After).",
                new Dictionary<string, object?> { ["retryAfter"] = seconds })
            .ExecuteAsync(context);
    }
}
