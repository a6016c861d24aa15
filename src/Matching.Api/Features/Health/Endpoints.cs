using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Health;

/// <summary>
/// <c>status</c>: <c>live</c>; or <c>ready</c>, <c>starting</c> (database not yet migrated or index loading) or
/// <c>degraded</c> (a component failing after start). <c>checks</c>: each component's state in one word.
/// <c>details</c> only for an admin key; nothing here names a host, a port or a driver message.
/// </summary>
/// <param name="Status">live (GET /health/live); ready, starting or degraded (GET /health/ready).</param>
/// <param name="Checks">Each component's state in one word: database (ok, starting, unavailable), matchIndex (ok, loading), taxonomy (ok).</param>
/// <param name="Details">Counts, versions and start-up attempts; only for an admin key, else null.</param>
public sealed record HealthResponse([property: AllowedValues("live", "ready", "starting", "degraded")] string Status, IReadOnlyDictionary<string, string> Checks, HealthDetails? Details = null);

/// <summary>Readiness details for an admin key.</summary>
/// <param name="DatabaseProvider">Sqlite or Postgres.</param>
/// <param name="Database">The database's state in words (no host, port or driver message).</param>
/// <param name="StartupAttempts">How many times start-up tried to reach and migrate the database.</param>
/// <param name="LastStartupFault">The last start-up fault in words, or null.</param>
/// <param name="IndexedProfiles">Profiles in the match index.</param>
/// <param name="ChangeSequence">The last change of the profiles the index has caught up with.</param>
/// <param name="EvidenceCacheHits">Evidence cache hits since start.</param>
/// <param name="EvidenceCacheMisses">Evidence cache misses since start.</param>
/// <param name="TaxonomyVersion">The loaded taxonomy's version.</param>
/// <param name="TaxonomySkills">How many skills the taxonomy has.</param>
public sealed record HealthDetails(
    string DatabaseProvider,
    string Database,
    int StartupAttempts,
    string? LastStartupFault,
    int IndexedProfiles,
    long ChangeSequence,
    long EvidenceCacheHits,
    long EvidenceCacheMisses,
    string TaxonomyVersion,
    int TaxonomySkills);

public sealed class Live : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/live");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Liveness: the process is up";
            s.Responses[200] = "The process is up";
            s.Description = "200 at once, even while the database is awaited; for a container's liveness probe. No key needed.";
        });
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new HealthResponse("live", new Dictionary<string, string>()), ct);
}

public sealed class Ready(
    IDatabaseHealth database, MatchingDatabase db, DatabaseStartup startup, MatchIndexHost index, EvidenceCache evidence, SkillTaxonomy taxonomy)
    : EndpointWithoutRequest<HealthResponse>
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(503, "application/json"));
        Summary(s =>
        {
            s.Summary = "Readiness: database reachable, migrations applied, match index loaded";
            s.Description = "Without a key: the state and one word per component (database, matchIndex, taxonomy). "
                            + "With an admin key also `details` (counts, versions, start-up attempts). No addresses or driver messages either way.";
            s.Responses[200] = "Ready to serve";
            s.Responses[503] = "Starting or degraded; the checks say which component";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var databaseState = "starting";
        var databaseDetail = startup.LastFault is { } fault ? $"not reached yet ({fault})" : "not reached yet";
        if (startup.IsMigrated)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CheckTimeout);
            try
            {
                var (ok, detail) = await database.CheckAsync(timeout.Token);
                (databaseState, databaseDetail) = (ok ? "ok" : "unavailable", detail);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                (databaseState, databaseDetail) = ("unavailable", $"no answer within {CheckTimeout.TotalSeconds:0} s");
            }
        }
        var checks = new Dictionary<string, string>
        {
            ["database"] = databaseState,
            ["matchIndex"] = index.IsReady ? "ok" : "loading",
            ["taxonomy"] = "ok",
        };
        var ready = databaseState == "ok" && index.IsReady;
        var status = ready ? "ready" : startup.IsMigrated && index.IsReady ? "degraded" : "starting";
        var details = User.HasClaim(ApiKeyDefaults.ScopeClaim, "admin")
            ? new HealthDetails(db.Provider.ToString(), databaseDetail, startup.Attempts, startup.LastFault, index.Index.Count, index.Sequence,
                evidence.Counts.Hits, evidence.Counts.Misses, taxonomy.Version, taxonomy.Count)
            : null;
        await Send.ResponseAsync(new HealthResponse(status, checks, details), ready ? 200 : 503, ct);
    }
}
