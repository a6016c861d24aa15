using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

namespace Matching.Api.Infrastructure;

/// <summary>Resolves what a client typed (an id, a name, any alias in any case or inflection) to taxonomy skills.</summary>
public sealed class SkillResolver(SkillTaxonomy taxonomy, SkillExtractor extractor)
{
    /// <summary>
    /// The one skill a field that names a skill means (a requirement, an override, a filter): the id, the name or an
    /// alias matched as a whole — case, ё/е, punctuation and spacing do not matter, a Russian word may be inflected
    /// ("постгресом") and a version may follow ("YOLOv8", "Kubernetes 1.29"). Anything else in the text makes it no
    /// skill at all: "not kubernetes", "p_x' AND pg_sleep(5)--" (alias "pg" inside) and "${jndi:ldap://x}" resolve to
    /// nothing, and the caller answers 422 with suggestions. Free text goes through extraction instead.
    /// </summary>
    public SkillResolution? Resolve(string term)
    {
        if (string.IsNullOrWhiteSpace(term)) return null;
        if (taxonomy.ResolveExact(term) is { } exact) return exact;

        var candidates = extractor.Matcher.Resolve(term);
        if (candidates.Count != 1) return null;
        var mentions = extractor.Matcher.FindMentions(term);
        if (mentions.Count != 1 || mentions[0].SkillId != candidates[0].Skill.Id) return null;
        var mention = mentions[0];
        return IsNothing(term.AsSpan(0, mention.Start)) && IsVersionOrNothing(term[mention.End..])
            ? candidates[0] with { Exact = true }
            : null;
    }

    /// <summary>An id, name or alias as written first; then every skill named in the text ("постгреса", "YOLOv8"). For search, not for fields.</summary>
    public IReadOnlyList<SkillResolution> ResolveAll(string term) =>
        taxonomy.ResolveExact(term) is { } exact ? [exact] : extractor.Matcher.Resolve(term);

    public IReadOnlyList<SkillResolution> Suggest(string term, int max = 5) => taxonomy.Suggest(term, max);

    private static bool IsNothing(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (char.IsLetterOrDigit(c)) return false;
        return true;
    }

    /// <summary>"", " 1.29", "-3.11", " v2": numbers, optionally after a 'v', and punctuation between them.</summary>
    private static bool IsVersionOrNothing(string rest)
    {
        foreach (var part in SkillTaxonomy.Normalize(rest).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = part.StartsWith('v') ? part.AsSpan(1) : part.AsSpan();
            if (digits.Length == 0) return false;
            foreach (var c in digits)
                if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }
}
