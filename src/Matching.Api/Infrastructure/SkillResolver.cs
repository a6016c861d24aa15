using Matching.Core.Taxonomy;

namespace Matching.Api.Infrastructure;

/// <summary>Resolves what a client typed (an id, a name, any alias in any case or inflection) to taxonomy skills.</summary>
public sealed class SkillResolver(SkillTaxonomy taxonomy)
{
    public SkillResolution? Resolve(string term) => ResolveAll(term).FirstOrDefault();

    public IReadOnlyList<SkillResolution> ResolveAll(string term) =>
        taxonomy.ResolveExact(term) is { } exact ? [exact] : [];

    public IReadOnlyList<SkillResolution> Suggest(string term, int max = 5) => taxonomy.Suggest(term, max);
}
