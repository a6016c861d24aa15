using Matching.Api.Contracts;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Match;

/// <summary>
/// Explains a page of index hits with the same <see cref="Scorer"/> a single profile uses, reading no more than it needs:
/// in one round trip, each hit's effective vector (one row per profile) and the evidence of just the skills that can
/// match the requirements (for a skill held as inferred, the descendant that implied it). Reading every skill of every
/// hit with its evidence cost several times the whole index walk.
/// </summary>
internal static class MatchExplanations
{
    public static async Task<List<MatchResult>> ExplainAsync(IReadOnlyList<MatchHit> hits, IReadOnlyList<Requirement> requirements,
        IProfileStore profiles, SkillTaxonomy taxonomy, CancellationToken ct)
    {
        // The skills whose evidence an explanation can quote: each requirement's own skill (or, held as inferred, the
        // skill it came from), its direct parents and its related skills.
        var skills = new HashSet<string>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            var ordinal = taxonomy.OrdinalOf(requirement.Skill);
            if (ordinal < 0) continue;
            skills.Add(taxonomy[ordinal].Id);
            foreach (var p in taxonomy.ParentsOf(ordinal)) skills.Add(taxonomy[p].Id);
            foreach (var r in taxonomy.RelatedOf(ordinal)) skills.Add(taxonomy[r].Id);
        }
        var data = await profiles.GetExplanationDataAsync(hits.Select(h => h.ProfileId).ToList(), skills, ct);
        var evidence = data.Evidence;
        var scored = new List<(ProfileVectorRow Profile, ProfileScore Score)>(hits.Count);
        foreach (var hit in hits)
        {
            // A profile erased between the index walk and this read is simply left out.
            if (!data.Vectors.TryGetValue(hit.ProfileId, out var vector)) continue;
            var vectorSkills = vector.Skills.Select(s => new ProfileSkill(s.SkillId, s.Level, s.Source, [], null, s.Via)).ToList();
            scored.Add((vector, Scorer.Score(taxonomy, vectorSkills, requirements)));
        }

        var results = new List<MatchResult>(scored.Count);
        foreach (var (profile, score) in scored)
        {
            var breakdown = score.Breakdown.Select(b =>
            {
                var quotes = b.MatchedSkill is { } matched && evidence.TryGetValue((profile.ProfileId, matched), out var found) ? found : [];
                return BreakdownDto.From(b with { Evidence = quotes });
            }).ToList();
            results.Add(new MatchResult(results.Count + 1, profile.ProfileId, profile.ExternalId, score.Score, score.MissingRequired, breakdown));
        }
        return results;
    }
}
