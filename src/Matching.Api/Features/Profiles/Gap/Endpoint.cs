using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Gap;

public sealed class Request
{
    /// <summary>The candidate's profile id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The job to compare with (required).</summary>
    public string? JobId { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.JobId).NotEmpty().WithMessage("jobId is required.").MaximumLength(200);
}

/// <summary>A skill the candidate holds that is close to a requirement they do not fully meet.</summary>
/// <param name="Skill">The candidate's skill id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Relation">child (a narrower skill of the requirement), parent (a broader one) or related.</param>
/// <param name="Level">The candidate's level in it, 0–1.</param>
public sealed record NearSkill(
    string Skill,
    string Name,
    [property: System.ComponentModel.DataAnnotations.AllowedValues("child", "parent", "related")] string Relation,
    double Level);

/// <summary>How one requirement of the job is met.</summary>
/// <param name="Skill">The required skill's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Required">Whether the job marks it required.</param>
/// <param name="MinLevel">The level the job asks for.</param>
/// <param name="Status">met (the skill or a child of it at minLevel or above), partly-met (some credit: below minLevel, or through a parent or related skill) or missing (no credit).</param>
/// <param name="MatchedSkill">The candidate's skill that earned the credit, or null.</param>
/// <param name="Relation">exact, child, parent, related or none.</param>
/// <param name="Level">The candidate's level in the matched skill (0 when none).</param>
/// <param name="Credit">The requirement's credit, 0–1, as /match computes it.</param>
/// <param name="Nearest">For a requirement not met: the candidate's skills closest to it (children, parents, related), strongest first.</param>
public sealed record RequirementGap(
    string Skill,
    string Name,
    bool Required,
    double MinLevel,
    [property: System.ComponentModel.DataAnnotations.AllowedValues("met", "partly-met", "missing")] string Status,
    string? MatchedSkill,
    [property: System.ComponentModel.DataAnnotations.AllowedValues("exact", "child", "parent", "related", "none")] string Relation,
    double Level,
    double Credit,
    IReadOnlyList<NearSkill> Nearest);

/// <summary>A skill worth learning next, and why.</summary>
/// <param name="Skill">The skill's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="For">The requirement it helps with.</param>
/// <param name="Reason">related (the taxonomy relates it to the requirement), parent (the requirement's broader skill) or goes-with (stored profiles with the requirement often have it).</param>
/// <param name="Lift">For goes-with: how much more often than chance profiles with the requirement have it; otherwise null.</param>
/// <param name="Together">For goes-with: how many stored profiles have both; otherwise null.</param>
public sealed record AdjacentSkill(
    string Skill,
    string Name,
    string For,
    [property: System.ComponentModel.DataAnnotations.AllowedValues("related", "parent", "goes-with")] string Reason,
    double? Lift,
    int? Together);

/// <summary>What a candidate lacks for a job.</summary>
/// <param name="ProfileId">The candidate.</param>
/// <param name="JobId">The job.</param>
/// <param name="Score">The candidate's /match score for the job, 0–100.</param>
/// <param name="Met">How many requirements are met.</param>
/// <param name="PartlyMet">How many are partly met.</param>
/// <param name="Missing">How many are missing.</param>
/// <param name="Requirements">Each requirement of the job, in the job's order.</param>
/// <param name="Adjacent">Skills the candidate lacks that would close the gaps, best first.</param>
public sealed record GapResponse(
    string ProfileId,
    string JobId,
    decimal Score,
    int Met,
    int PartlyMet,
    int Missing,
    IReadOnlyList<RequirementGap> Requirements,
    IReadOnlyList<AdjacentSkill> Adjacent);

public sealed class Endpoint(IProfileReader profiles, IJobStore jobs, MatchIndexHost index) : Endpoint<Request, GapResponse>
{
    private const int MaxNearest = 5;
    private const int MaxAdjacentPerGap = 5;

    public override void Configure()
    {
        Get("/profiles/{id}/gap");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400, 404));
        Summary(s =>
        {
            s.Summary = "Skill gap: what a candidate lacks for a job";
            s.Params["id"] = "The candidate's profile id";
            s.Description =
                "Scores the profile against the job with /match's scorer and credit rules, and per requirement says met (the skill " +
                "or a child of it at minLevel or above), partly-met (some credit: below minLevel, or through a parent or related " +
                "skill) or missing; for each requirement not met, the candidate's nearest skills (children, parents, related, with " +
                "levels). adjacent lists skills the candidate lacks that would close the gaps: the taxonomy's related skills and " +
                "parents of the requirement, and skills that stored profiles holding the requirement often have too (lift above 1). " +
                "404 for an unknown profile or job.";
            s.Responses[200] = "Each requirement met, partly met or missing, with nearest and adjacent skills";
            s.Responses[404] = "No profile or no job has this id";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await profiles.GetAsync(r.Id, ct) is not { } profile)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        if (await jobs.GetAsync(r.JobId!, ct) is not { } job)
        {
            await Send.ResultAsync(Problems.NotFound("Job", r.JobId!));
            return;
        }
        var matchIndex = index.Index;
        await Send.OkAsync(Analyse(profile, job, matchIndex.Taxonomy, matchIndex), ct);
    }

    internal static GapResponse Analyse(Profile profile, Job job, SkillTaxonomy taxonomy, MatchIndex? index)
    {
        var score = Scorer.Score(taxonomy, profile.Skills, job.Requirements);
        var held = profile.Skills.Where(s => ScoringRules.Quantize(s.Level) > 0)
            .GroupBy(s => s.SkillId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(s => s.Level), StringComparer.Ordinal);
        string NameOf(string id) => taxonomy.Find(id)?.Name ?? id;

        var gaps = new List<RequirementGap>(job.Requirements.Count);
        var adjacent = new List<AdjacentSkill>();
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < job.Requirements.Count; i++)
        {
            var requirement = job.Requirements[i];
            var b = score.Breakdown[i];
            var status = b.Credit <= 0 ? "missing"
                : b.Relation is Relation.Exact or Relation.Child && b.Level >= requirement.MinLevel ? "met"
                : "partly-met";
            var nearest = status == "met" ? [] : Nearest(taxonomy, requirement.Skill, held, NameOf);
            gaps.Add(new RequirementGap(requirement.Skill, NameOf(requirement.Skill), requirement.Required, requirement.MinLevel, status,
                b.MatchedSkill, RelationName(b.Relation), Math.Round(b.Level, 4), Math.Round(b.Credit, 4), nearest));
            if (status == "met") continue;

            // The requirement itself comes first when the candidate lacks it entirely.
            var r = taxonomy.OrdinalOf(requirement.Skill);
            if (r < 0) continue;
            var forThis = new List<AdjacentSkill>();
            foreach (var o in taxonomy.RelatedOf(r))
                forThis.Add(new AdjacentSkill(taxonomy[o].Id, taxonomy[o].Name, requirement.Skill, "related", null, null));
            foreach (var o in taxonomy.ParentsOf(r))
                forThis.Add(new AdjacentSkill(taxonomy[o].Id, taxonomy[o].Name, requirement.Skill, "parent", null, null));
            if (index is not null)
                foreach (var c in index.CoOccurring(requirement.Skill, top: MaxAdjacentPerGap * 2))
                    if (c.Lift > 1)
                        forThis.Add(new AdjacentSkill(c.SkillId, NameOf(c.SkillId), requirement.Skill, "goes-with", Math.Round(c.Lift, 3), c.Together));
            foreach (var a in forThis.Where(a => !held.ContainsKey(a.Skill) && a.Skill != requirement.Skill).Take(MaxAdjacentPerGap))
                if (suggested.Add(a.Skill)) adjacent.Add(a);
        }
        var shown = ShownScores.Of(score);
        return new GapResponse(profile.Id, job.Id, shown.Score, gaps.Count(g => g.Status == "met"), gaps.Count(g => g.Status == "partly-met"),
            gaps.Count(g => g.Status == "missing"), gaps, adjacent);
    }

    /// <summary>The candidate's skills closest to a requirement: its descendants, its ancestors, its related skills; strongest first.</summary>
    private static List<NearSkill> Nearest(SkillTaxonomy taxonomy, string skillId, Dictionary<string, double> held, Func<string, string> nameOf)
    {
        var r = taxonomy.OrdinalOf(skillId);
        if (r < 0) return [];
        var near = new List<NearSkill>();
        void Add(ReadOnlySpan<int> ordinals, string relation)
        {
            foreach (var o in ordinals)
                if (held.TryGetValue(taxonomy[o].Id, out var level) && near.All(n => n.Skill != taxonomy[o].Id))
                    near.Add(new NearSkill(taxonomy[o].Id, nameOf(taxonomy[o].Id), relation, Math.Round(level, 4)));
        }
        Add(taxonomy.DescendantsOf(r), "child");
        Add(taxonomy.AncestorsOf(r), "parent");
        Add(taxonomy.RelatedOf(r), "related");
        return near.OrderBy(n => n.Relation switch { "child" => 0, "parent" => 1, _ => 2 }).ThenByDescending(n => n.Level)
            .ThenBy(n => n.Skill, StringComparer.Ordinal).Take(MaxNearest).ToList();
    }

    private static string RelationName(Relation relation) => relation switch
    {
        Relation.Exact => "exact",
        Relation.Child => "child",
        Relation.Parent => "parent",
        Relation.Related => "related",
        _ => "none",
    };
}
