using Matching.Core.Extraction.Text;

namespace Matching.Core.Taxonomy;

public enum TaxonomyChangeKind
{
    /// <summary>A custom skill is added.</summary>
    Create,
    /// <summary>Aliases are added to or removed from a skill (shipped or custom), or its external ids set.</summary>
    Update,
    /// <summary>A custom skill is taken out.</summary>
    Retire,
}

/// <summary>
/// One change to the taxonomy made through the API. The database keeps them in order (the overlay's revisions); the
/// effective taxonomy is the shipped file with every change applied in turn (<see cref="TaxonomyOverlay.Apply"/>).
/// </summary>
public sealed record TaxonomyChange
{
    public required TaxonomyChangeKind Kind { get; init; }
    public required string SkillId { get; init; }
    // Create
    public string? Name { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> Parents { get; init; } = [];
    public IReadOnlyList<string> Related { get; init; } = [];
    /// <summary>Create: the skill's ids elsewhere. Update: merged into them; an empty value removes that system's id.</summary>
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    // Update
    public IReadOnlyList<string> AddAliases { get; init; } = [];
    public IReadOnlyList<string> RemoveAliases { get; init; } = [];
}

/// <summary>A change as stored: its revision (1, 2, …), when it was made and by which key.</summary>
public sealed record TaxonomyRevision(long Revision, TaxonomyChange Change, DateTimeOffset At, string? Actor = null);

/// <summary>Why a change cannot be made; <see cref="Code"/> is one of <see cref="TaxonomyEditCodes"/>.</summary>
public sealed record TaxonomyEditError(string Code, string Message);

/// <summary>The codes of <see cref="TaxonomyEditError"/>; the API sends them as problem codes.</summary>
public static class TaxonomyEditCodes
{
    public const string NotFound = "not-found";
    public const string InvalidSkillId = "invalid-skill-id";
    public const string SkillExists = "skill-exists";
    public const string InvalidName = "invalid-skill-name";
    public const string UnknownCategory = "unknown-category";
    public const string UnknownParent = "unknown-parent";
    public const string UnknownRelated = "unknown-related";
    public const string Cycle = "taxonomy-cycle";
    public const string InvalidAlias = "invalid-alias";
    public const string AliasTaken = "alias-taken";
    public const string UnknownAlias = "unknown-alias";
    public const string NotCustom = "not-custom-skill";
    public const string InUse = "skill-in-use";
    public const string Invalid = "invalid-taxonomy-change";
}

/// <summary>
/// The customer's overlay on the shipped taxonomy: checking a change against the taxonomy it applies to, applying the
/// stored changes in order, and the version that names the result (<c>{shipped}+{revision}</c>; revision 0 is the
/// shipped file itself, so stored profiles keep their version until the first change).
/// </summary>
public static class TaxonomyOverlay
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxAliasLength = 100;
    public const int MaxAliases = 50;

    public static string VersionOf(SkillTaxonomy shipped, long revision) =>
        revision == 0 ? shipped.Version : $"{shipped.Version}+{revision}";

    /// <summary>The shipped taxonomy with the changes up to <paramref name="upTo"/> applied, in revision order.</summary>
    /// <exception cref="InvalidDataException">The changes do not make a valid taxonomy (they were checked when made).</exception>
    public static SkillTaxonomy Apply(SkillTaxonomy shipped, IEnumerable<TaxonomyRevision> revisions, long upTo = long.MaxValue)
    {
        var skills = new List<SkillDefinition?>(shipped.Skills);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < skills.Count; i++) at[skills[i]!.Id] = i;
        long revision = 0;
        foreach (var r in revisions.OrderBy(r => r.Revision))
        {
            if (r.Revision > upTo) break;
            Fold(skills, at, r.Change);
            revision = r.Revision;
        }
        return revision == 0
            ? shipped
            : new SkillTaxonomy(VersionOf(shipped, revision), shipped.Categories, skills.OfType<SkillDefinition>().ToList(),
                shipped.ContextCues, exactVersion: true);
    }

    private static void Fold(List<SkillDefinition?> skills, Dictionary<string, int> at, TaxonomyChange change)
    {
        switch (change.Kind)
        {
            case TaxonomyChangeKind.Create:
                at[change.SkillId] = skills.Count;
                skills.Add(new SkillDefinition(change.SkillId, change.Name!.Trim(), change.Category!, change.Parents, change.Related,
                    Distinct(change.Aliases).Select(ToAlias).ToList())
                {
                    ExternalIds = Merge(new Dictionary<string, string>(), change.ExternalIds),
                    Custom = true,
                });
                break;
            case TaxonomyChangeKind.Update when at.TryGetValue(change.SkillId, out var i) && skills[i] is { } s:
                var removed = change.RemoveAliases.Select(SkillTaxonomy.Normalize).ToHashSet(StringComparer.Ordinal);
                var kept = s.Aliases.Where(a => !removed.Contains(SkillTaxonomy.Normalize(a.Text))).ToList();
                var present = kept.Select(a => SkillTaxonomy.Normalize(a.Text)).ToHashSet(StringComparer.Ordinal);
                kept.AddRange(Distinct(change.AddAliases).Where(a => present.Add(SkillTaxonomy.Normalize(a))).Select(ToAlias));
                skills[i] = s with { Aliases = kept, ExternalIds = Merge(new Dictionary<string, string>(s.ExternalIds), change.ExternalIds) };
                break;
            case TaxonomyChangeKind.Retire when at.TryGetValue(change.SkillId, out var j):
                skills[j] = null;
                at.Remove(change.SkillId);
                break;
            default:
                throw new InvalidDataException($"Taxonomy change {change.Kind} names unknown skill '{change.SkillId}'.");
        }
    }

    /// <summary>
    /// Why <paramref name="change"/> cannot be made to <paramref name="current"/>, or null when it can. Checks what a client
    /// can get wrong, one by one, so that the answer names the first problem; whatever else would make the result invalid
    /// is caught when the result is built (<see cref="TaxonomyEditCodes.Invalid"/>).
    /// </summary>
    public static TaxonomyEditError? Check(SkillTaxonomy current, TaxonomyChange change)
    {
        var id = change.SkillId;
        switch (change.Kind)
        {
            case TaxonomyChangeKind.Create:
            {
                if (id.Length > MaxIdLength || !SkillTaxonomy.IsSlug(id))
                    return new(TaxonomyEditCodes.InvalidSkillId,
                        $"'{id}' is not a skill id: lowercase letters, digits and single inner hyphens, at most {MaxIdLength} characters.");
                if (current.Contains(id)) return new(TaxonomyEditCodes.SkillExists, $"A skill with id '{id}' exists.");
                var name = change.Name?.Trim() ?? "";
                if (name.Length is 0 or > MaxNameLength || SkillTaxonomy.Normalize(name).Length == 0 || name.Any(char.IsControl))
                    return new(TaxonomyEditCodes.InvalidName, $"A skill's name has 1 to {MaxNameLength} characters with a letter or digit.");
                if (current.Categories.Count > 0 && !current.Categories.Any(c => c.Id == change.Category))
                    return new(TaxonomyEditCodes.UnknownCategory,
                        $"Unknown category '{change.Category}'; one of: {string.Join(", ", current.Categories.Select(c => c.Id))}.");
                foreach (var p in change.Parents)
                {
                    if (p == id) return new(TaxonomyEditCodes.Cycle, $"'{id}' cannot be its own parent.");
                    if (!current.Contains(p)) return new(TaxonomyEditCodes.UnknownParent, $"Parent '{p}' is not a skill.");
                }
                foreach (var r in change.Related)
                    if (r != id && !current.Contains(r)) return new(TaxonomyEditCodes.UnknownRelated, $"Related skill '{r}' is not a skill.");
                if (change.Aliases.Count > MaxAliases) return new(TaxonomyEditCodes.InvalidAlias, $"At most {MaxAliases} aliases.");
                foreach (var alias in change.Aliases.Append(name).Append(id))
                    if (CheckAlias(current, alias, id) is { } problem) return problem;
                return null;
            }
            case TaxonomyChangeKind.Update:
            {
                if (current.Find(id) is not { } skill) return new(TaxonomyEditCodes.NotFound, $"No skill has id '{id}'.");
                if (skill.Aliases.Count + change.AddAliases.Count > MaxAliases * 4)
                    return new(TaxonomyEditCodes.InvalidAlias, "Too many aliases on one skill.");
                foreach (var alias in change.AddAliases)
                    if (CheckAlias(current, alias, id) is { } problem) return problem;
                foreach (var alias in change.RemoveAliases)
                {
                    var key = SkillTaxonomy.Normalize(alias);
                    if (!skill.Aliases.Any(a => SkillTaxonomy.Normalize(a.Text) == key))
                        return new(TaxonomyEditCodes.UnknownAlias, $"'{alias}' is not an alias of '{id}' (its name and id cannot be removed).");
                }
                return null;
            }
            case TaxonomyChangeKind.Retire:
            {
                if (current.Find(id) is not { } skill) return new(TaxonomyEditCodes.NotFound, $"No skill has id '{id}'.");
                if (!skill.Custom)
                    return new(TaxonomyEditCodes.NotCustom, $"'{id}' is shipped in the taxonomy file; only custom skills can be retired.");
                var users = current.Skills.Where(s => s.Id != id && (s.Parents.Contains(id) || s.Related.Contains(id))).Select(s => s.Id).ToList();
                return users.Count > 0
                    ? new(TaxonomyEditCodes.InUse, $"'{id}' is a parent or related skill of {string.Join(", ", users)}; change those first.")
                    : null;
            }
            default:
                return new(TaxonomyEditCodes.Invalid, $"Unknown change kind {change.Kind}.");
        }
    }

    private static TaxonomyEditError? CheckAlias(SkillTaxonomy current, string alias, string ownerId)
    {
        var text = alias.Trim();
        if (text.Length is 0 or > MaxAliasLength || text.Any(char.IsControl) || Tokenizer.Tokenize(text).Count == 0)
            return new(TaxonomyEditCodes.InvalidAlias, $"'{alias}' is not a usable alias: 1 to {MaxAliasLength} characters with a letter or digit.");
        return current.ResolveExact(text) is { } owner && owner.Skill.Id != ownerId
            ? new(TaxonomyEditCodes.AliasTaken, $"'{alias}' already names '{owner.Skill.Id}'.")
            : null;
    }

    /// <summary>
    /// What to look for in stored questionnaires to find those a change can affect: for each spelling the change adds or
    /// takes away, the lowercase (ё as е) stem of its longest word. Every text in which the spelling can be found contains
    /// it (Russian inflections only change endings), so a search for these finds a superset of the affected profiles.
    /// </summary>
    public static IReadOnlyList<string> SearchTerms(SkillTaxonomy before, TaxonomyChange change)
    {
        IEnumerable<string> spellings = change.Kind switch
        {
            TaxonomyChangeKind.Create => change.Aliases.Append(change.Name ?? "").Append(change.SkillId),
            TaxonomyChangeKind.Update => change.AddAliases.Concat(change.RemoveAliases),
            TaxonomyChangeKind.Retire when before.Find(change.SkillId) is { } s => s.Aliases.Select(a => a.Text).Append(s.Name).Append(s.Id),
            _ => [],
        };
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spelling in spellings)
        {
            var tokens = Tokenizer.Tokenize(spelling);
            if (tokens.Count == 0) continue;
            var longest = tokens.MaxBy(t => t.Match.Length);
            if (longest.Match.Length > 0) terms.Add(longest.Match);
        }
        return terms.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Lowercase with ё as е: how <see cref="SearchTerms"/> compares (the database folds stored text the same way).</summary>
    public static string Fold(string text) => text.ToLowerInvariant().Replace('ё', 'е');

    private static IEnumerable<string> Distinct(IEnumerable<string> aliases) =>
        aliases.Select(a => a.Trim()).Where(a => a.Length > 0).DistinctBy(SkillTaxonomy.Normalize);

    private static SkillAlias ToAlias(string text) =>
        new(text, text.AsSpan().IndexOfAnyInRange('\u0400', '\u04FF') >= 0 ? "ru" : "en");

    private static Dictionary<string, string> Merge(Dictionary<string, string> into, IReadOnlyDictionary<string, string> changes)
    {
        foreach (var (system, value) in changes)
            if (string.IsNullOrWhiteSpace(value)) into.Remove(system);
            else into[system] = value.Trim();
        return into;
    }
}
