using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Matching.Api.Infrastructure;

/// <summary>What a key may do. Each scope includes the ones before it.</summary>
public enum ApiScope
{
    /// <summary>Reads, <c>/match</c> and extraction without storing.</summary>
    Read = 1,
    /// <summary>Ingesting profiles, overrides, managing jobs.</summary>
    Write = 2,
    /// <summary>Everything, including scoring runs and taxonomy changes.</summary>
    Admin = 3,
}

public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";
    public ApiScope Scope { get; set; } = ApiScope.Read;
    /// <summary>A label for logs and audit (never the key itself).</summary>
    public string? Name { get; set; }
}

/// <summary>
/// The configured keys, kept only as SHA-256 digests and compared in constant time, so neither the keys nor
/// timing reveal anything. Sources: <c>MATCHING_API_KEY</c> (admin), <c>MATCHING_READ_API_KEYS</c>
/// (comma-separated read-only keys) and the <c>Auth:Keys</c> section (key, scope, name).
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly (byte[] Digest, ApiScope Scope, string Name)[] _keys;

    public ApiKeyRegistry(IEnumerable<ApiKeyEntry> keys)
    {
        _keys = keys.Where(k => !string.IsNullOrWhiteSpace(k.Key))
            .Select((k, i) => (Digest(k.Key.Trim()), k.Scope, k.Name ?? $"key-{i + 1}"))
            .ToArray();
    }

    public bool IsEmpty => _keys.Length == 0;

    public static ApiKeyRegistry FromConfiguration(IConfiguration configuration)
    {
        var keys = new List<ApiKeyEntry>();
        var admin = configuration["MATCHING_API_KEY"];
        if (!string.IsNullOrWhiteSpace(admin)) keys.Add(new ApiKeyEntry { Key = admin, Scope = ApiScope.Admin, Name = "admin" });
        var readKeys = configuration["MATCHING_READ_API_KEYS"];
        if (!string.IsNullOrWhiteSpace(readKeys))
            keys.AddRange(readKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select((k, i) => new ApiKeyEntry { Key = k, Scope = ApiScope.Read, Name = $"read-{i + 1}" }));
        keys.AddRange(configuration.GetSection("Auth:Keys").Get<List<ApiKeyEntry>>() ?? []);
        return new ApiKeyRegistry(keys);
    }

    public (ApiScope Scope, string Name)? Find(string presented)
    {
        var digest = Digest(presented);
        (ApiScope, string)? found = null;
        // Every key is compared, whichever matches, so timing does not depend on which one (if any) matched.
        foreach (var (candidate, scope, name) in _keys)
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
                found = (scope, name);
        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";
    public const string AdminPolicy = "admin";
}

public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (registry.Find(values.ToString().Trim()) is not { } match)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name) };
        for (var s = ApiScope.Read; s <= match.Scope; s++)
            claims.Add(new Claim(ApiKeyDefaults.ScopeClaim, s.ToString().ToLowerInvariant()));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyDefaults.Scheme));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyDefaults.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(ApiKeyDefaults.Header);
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\"";
        return Problems.WriteAsync(Context, ProblemTypes.Unauthorized,
            presented
                ? $"The {ApiKeyDefaults.Header} header does not carry a valid key."
                : $"Send your key in the {ApiKeyDefaults.Header} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, ProblemTypes.Forbidden,
            "This API key's scope does not allow this operation (read-only keys can read and call /match; writes need a write or admin key).");
}
