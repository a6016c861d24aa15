using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Matching.Core.Taxonomy;

/// <summary>
/// The skills taxonomy: ids, names, categories, parents (is-a), related skills (partial credit) and every
/// spelling a skill is found by. Immutable; every lookup is a dictionary hit. Each skill also has a dense
/// ordinal so that vectors and the match index can use arrays instead of string keys.
/// </summary>
public sealed class SkillTaxonomy
{
    private readonly SkillDefinition[] _skills;
    private readonly FrozenDictionary<string, int> _ordinals;
    private readonly int[][] _parents;
    private readonly int[][] _ancestors;
    private readonly int[][] _descendants;
    private readonly int[][] _related;
    private readonly FrozenDictionary<string, (int Ordinal, string Alias)> _byNormalizedAlias;

    public string Version { get; }
    public IReadOnlyList<SkillCategory> Categories { get; }
    /// <summary>Words (EN and RU) that make a sentence technical, for aliases that need context ("language", "фреймворк").</summary>
    public IReadOnlyList<string> ContextCues { get; }
    public IReadOnlyList<SkillDefinition> Skills => _skills;
    public int Count => _skills.Length;

    /// <param name="exactVersion">
    /// Use <paramref name="version"/> as it is (an effective taxonomy: the shipped version and the overlay revision)
    /// rather than appending a hash of the content.
    /// </param>
    public SkillTaxonomy(string version, IReadOnlyList<SkillCategory> categories, IReadOnlyList<SkillDefinition> skills,
        IReadOnlyList<string>? contextCues = null, bool exactVersion = false)
    {
        Categories = categories;
        ContextCues = contextCues ?? [];
        _skills = skills.ToArray();
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _skills.Length; i++)
        {
            var id = _skills[i].Id;
            if (!IsSlug(id)) throw new InvalidDataException($"Skill id '{id}' is not a lowercase slug.");
            if (!ordinals.TryAdd(id, i)) throw new InvalidDataException($"Skill id '{id}' appears twice.");
        }
        _ordinals = ordinals.ToFrozenDictionary(StringComparer.Ordinal);

        var categoryIds = categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _parents = new int[_skills.Length][];
        var related = Enumerable.Range(0, _skills.Length).Select(_ => new SortedSet<int>()).ToArray();
        for (var i = 0; i < _skills.Length; i++)
        {
            var s = _skills[i];
            if (categoryIds.Count > 0 && !categoryIds.Contains(s.Category))
                throw new InvalidDataException($"Skill '{s.Id}' has unknown category '{s.Category}'.");
            _parents[i] = s.Parents.Select(p => Resolve(s.Id, "parent", p)).Distinct().ToArray();
            foreach (var r in s.Related)
            {
                var j = Resolve(s.Id, "related", r);
                if (j == i) continue;
                related[i].Add(j);
                related[j].Add(i);
            }
        }

        _ancestors = new int[_skills.Length][];
        var state = new byte[_skills.Length];
        for (var i = 0; i < _skills.Length; i++) ComputeAncestors(i, state);
        var descendants = Enumerable.Range(0, _skills.Length).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < _skills.Length; i++)
            foreach (var a in _ancestors[i]) descendants[a].Add(i);
        _descendants = descendants.Select(d => d.ToArray()).ToArray();
        _related = related.Select(r => r.ToArray()).ToArray();

        var aliases = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        for (var i = 0; i < _skills.Length; i++)
        {
            foreach (var alias in _skills[i].Aliases.Select(a => a.Text).Append(_skills[i].Name).Append(_skills[i].Id))
            {
                var key = Normalize(alias);
                if (key.Length == 0) continue;
                if (aliases.TryGetValue(key, out var owner) && owner.Item1 != i)
                    throw new InvalidDataException(
                        $"Alias '{alias}' of '{_skills[i].Id}' is already an alias of '{_skills[owner.Item1].Id}'.");
                aliases[key] = (i, alias);
            }
        }
        _byNormalizedAlias = aliases.ToFrozenDictionary(StringComparer.Ordinal);
        Version = exactVersion ? version : version + "+" + ContentHash();

        int Resolve(string owner, string what, string id) =>
            _ordinals.TryGetValue(id, out var o)
                ? o
                : throw new InvalidDataException($"Skill '{owner}' names unknown {what} '{id}'.");
    }

    public static SkillTaxonomy Load(Stream json)
    {
        var (version, categories, skills, cues) = TaxonomyFile.Read(json);
        return new SkillTaxonomy(version, categories, skills, cues);
    }

    public static SkillTaxonomy LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Finds <c>db/taxonomy.json</c> beside the app or in a parent folder's <c>db/</c>.</summary>
    public static string LocateDefaultFile(string? startDirectory = null)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "taxonomy.json");
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(startDirectory ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "db", "taxonomy.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("db/taxonomy.json was not found beside the application or in a parent folder.");
    }

    public bool Contains(string id) => _ordinals.ContainsKey(id);
    public int OrdinalOf(string id) => _ordinals.TryGetValue(id, out var o) ? o : -1;
    public SkillDefinition this[int ordinal] => _skills[ordinal];
    public SkillDefinition? Find(string id) => _ordinals.TryGetValue(id, out var o) ? _skills[o] : null;

    /// <summary>Direct parents' ordinals.</summary>
    public ReadOnlySpan<int> ParentsOf(int ordinal) => _parents[ordinal];
    /// <summary>All ancestors' ordinals, nearest first (breadth-first over parents).</summary>
    public ReadOnlySpan<int> AncestorsOf(int ordinal) => _ancestors[ordinal];
    /// <summary>All descendants' ordinals.</summary>
    public ReadOnlySpan<int> DescendantsOf(int ordinal) => _descendants[ordinal];
    /// <summary>Related skills' ordinals (symmetric).</summary>
    public ReadOnlySpan<int> RelatedOf(int ordinal) => _related[ordinal];

    public bool IsAncestor(int ancestor, int of) => Array.IndexOf(_ancestors[of], ancestor) >= 0;

    public IReadOnlyList<string> AncestorIds(string id) =>
        _ordinals.TryGetValue(id, out var o) ? _ancestors[o].Select(a => _skills[a].Id).ToArray() : [];

    /// <summary>
    /// Resolves a free-text term (an id, a name or any alias, any case, punctuation-insensitive) to its skill.
    /// Returns null when nothing matches exactly; see <see cref="Suggest"/>.
    /// </summary>
    public SkillResolution? ResolveExact(string term)
    {
        if (string.IsNullOrWhiteSpace(term)) return null;
        if (_ordinals.TryGetValue(term.Trim(), out var byId)) return new SkillResolution(_skills[byId], _skills[byId].Id, true);
        var key = Normalize(term);
        return _byNormalizedAlias.TryGetValue(key, out var hit) ? new SkillResolution(_skills[hit.Ordinal], hit.Alias, true) : null;
    }

    /// <summary>Closest skills by alias for a term that did not resolve: prefix hits first, then edit distance.</summary>
    public IReadOnlyList<SkillResolution> Suggest(string term, int max = 5)
    {
        var key = Normalize(term);
        if (key.Length == 0) return [];
        var scored = new Dictionary<int, (int Score, string Alias)>();
        foreach (var (alias, (ordinal, original)) in _byNormalizedAlias)
        {
            int score;
            if (alias.StartsWith(key, StringComparison.Ordinal) || key.StartsWith(alias, StringComparison.Ordinal) && alias.Length >= 3)
                score = Math.Abs(alias.Length - key.Length);
            else if (alias.Contains(key, StringComparison.Ordinal) && key.Length >= 3)
                score = 2 + alias.Length - key.Length;
            else
            {
                var limit = Math.Max(1, key.Length / 3);
                var d = BoundedLevenshtein(alias, key, limit);
                if (d > limit) continue;
                score = 1 + d * 2;
            }
            if (!scored.TryGetValue(ordinal, out var best) || score < best.Score) scored[ordinal] = (score, original);
        }
        return scored.OrderBy(kv => kv.Value.Score).ThenBy(kv => _skills[kv.Key].Id, StringComparer.Ordinal)
            .Take(max).Select(kv => new SkillResolution(_skills[kv.Key], kv.Value.Alias, false)).ToList();
    }

    /// <summary>
    /// The key aliases are compared by: lowercase, ё as е, every run of characters other than letters, digits,
    /// '+' and '#' folded into one space ("llama.cpp", "llama-cpp" and "Llama CPP" are the same key).
    /// </summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c == 'ё') c = 'е';
            if (char.IsLetterOrDigit(c) || c == '+' || c == '#')
            {
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                sb.Append(c);
            }
            else pendingSpace = true;
        }
        return sb.ToString();
    }

    private void ComputeAncestors(int i, byte[] state)
    {
        if (state[i] == 2) return;
        if (state[i] == 1) throw new InvalidDataException($"Skill '{_skills[i].Id}' is its own ancestor (a cycle through parents).");
        state[i] = 1;
        var order = new List<int>();
        var seen = new HashSet<int>();
        var queue = new Queue<int>(_parents[i]);
        foreach (var p in _parents[i]) ComputeAncestors(p, state);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            if (!seen.Add(p)) continue;
            order.Add(p);
            foreach (var pp in _parents[p]) queue.Enqueue(pp);
        }
        _ancestors[i] = order.ToArray();
        state[i] = 2;
    }

    private string ContentHash()
    {
        var sb = new StringBuilder();
        foreach (var s in _skills)
        {
            sb.Append(s.Id).Append('|').Append(string.Join(',', s.Parents)).Append('|').Append(string.Join(',', s.Related)).Append('|');
            foreach (var a in s.Aliases) sb.Append(a.Text).Append(a.CaseSensitive ? "!" : "").Append(a.NeedsContext ? "?" : "").Append(',');
            sb.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
    }

    /// <summary>A stable skill id: lowercase letters, digits and single inner hyphens.</summary>
    public static bool IsSlug(string id) =>
        id.Length > 0 && id[0] != '-' && id[^1] != '-' && !id.Contains("--", StringComparison.Ordinal)
        && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    private static int BoundedLevenshtein(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > limit) return limit + 1;
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
