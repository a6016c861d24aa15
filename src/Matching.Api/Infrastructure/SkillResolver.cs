using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

namespace Matching.Api.Infrastructure;

/// <summary>Resolves what a client typed (an id, a name, any alias in any case or inflection) to taxonomy skills.</summary>
public sealed class SkillResolver(SkillTaxonomy taxonomy, SkillExtractor extractor)
{
    public SkillResolution? Resolve(string term) => ResolveAll(term).FirstOrDefault();

    /// <summary>An id, name or alias as written first; then inflected or versioned forms ("постгреса", "YOLOv8").</summary>
    public IReadOnlyList<SkillResolution> ResolveAll(string term) =>
        taxonomy.ResolveExact(term) is { } exact ? [exact] : extractor.Matcher.Resolve(term);

    public IReadOnlyList<SkillResolution> Suggest(string term, int max = 5) => taxonomy.Suggest(term, max);
}
