using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Infrastructure;

public static class TaxonomySetup
{
    /// <summary>
    /// The taxonomy holder (singleton) and, per request, one snapshot of it: the taxonomy, extractor and resolver a
    /// request is given all come from the same snapshot. The match index host follows the holder.
    /// </summary>
    public static IServiceCollection AddTaxonomySnapshots(this IServiceCollection services, SkillExtractor shippedExtractor)
    {
        services.AddSingleton(sp => new TaxonomyHolder(sp.GetRequiredService<ShippedTaxonomy>(), shippedExtractor,
            sp.GetRequiredService<MatchingDatabase>(), sp.GetRequiredService<DatabaseStartup>(),
            sp.GetRequiredService<ILogger<TaxonomyHolder>>()));
        services.AddScoped(sp => sp.GetRequiredService<TaxonomyHolder>().Current);
        services.AddScoped(sp => sp.GetRequiredService<TaxonomySnapshot>().Taxonomy);
        services.AddScoped(sp => sp.GetRequiredService<TaxonomySnapshot>().Extractor);
        services.AddScoped<ISkillExtractor>(sp => sp.GetRequiredService<TaxonomySnapshot>().Extractor);
        services.AddScoped(sp => sp.GetRequiredService<TaxonomySnapshot>().Resolver);
        services.AddSingleton<MatchIndexHost>();
        return services;
    }

    /// <summary>The taxonomy editor (changes through the API) and the follower that brings stored profiles along.</summary>
    public static IServiceCollection AddTaxonomyFollowing(this IServiceCollection services)
    {
        services.AddSingleton(sp => RequestBoundStore<ITaxonomyStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Taxonomy));
        services.AddSingleton<TaxonomyFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<TaxonomyFollower>());
        services.AddSingleton<TaxonomyEditor>();
        return services;
    }
}

/// <summary>A change that was made: the revision it got and the snapshot that includes it.</summary>
public sealed record TaxonomyEdit(long Revision, TaxonomySnapshot Snapshot);

/// <summary>
/// Makes one taxonomy change: checks it against the newest taxonomy, checks that the result is a valid taxonomy, stores
/// it as the next revision (nothing is stored when either check fails), swaps in the new snapshot before answering, and
/// hands the change to the follower. Another replica storing the same revision first makes it check again.
/// </summary>
public sealed class TaxonomyEditor(TaxonomyHolder holder, ITaxonomyStore store, TaxonomyFollower follower)
{
    private const int Attempts = 5;

    /// <exception cref="TaxonomyEditException">The change cannot be made (the error's code says why).</exception>
    public async Task<TaxonomyEdit> ApplyAsync(TaxonomyChange change, string? actor, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var snapshot = await holder.RefreshAsync(ct);
            if (TaxonomyOverlay.Check(snapshot.Taxonomy, change) is { } problem) throw new TaxonomyEditException(problem);
            var revision = snapshot.Revision + 1;
            try
            {
                TaxonomyOverlay.Apply(holder.Shipped.Taxonomy, snapshot.History.Append(new TaxonomyRevision(revision, change, DateTimeOffset.UtcNow)));
            }
            catch (InvalidDataException e)
            {
                throw new TaxonomyEditException(new TaxonomyEditError(TaxonomyEditCodes.Invalid, e.Message));
            }
            if (!await store.AppendAsync(revision, change, actor, ct)) continue;
            var after = await holder.RefreshAsync(ct);
            follower.Follow(revision);
            return new TaxonomyEdit(revision, after);
        }
        throw new TaxonomyEditException(new TaxonomyEditError("taxonomy-conflict",
            "The taxonomy kept changing under this change (other replicas were changing it); try again."));
    }
}

public sealed class TaxonomyEditException(TaxonomyEditError error) : Exception(error.Message)
{
    public TaxonomyEditError Error { get; } = error;
}
