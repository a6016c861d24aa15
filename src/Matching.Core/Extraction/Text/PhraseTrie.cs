namespace Matching.Core.Extraction.Text;

/// <summary>
/// A trie over token keys: phrases are sequences of normalised (and, for Russian, stemmed) tokens, so one walk over a
/// text's tokens finds every phrase without a regular expression per phrase. Built once, then read-only.
/// </summary>
internal sealed class PhraseTrie<T>
{
    internal sealed class Node
    {
        public Dictionary<string, Node>? Children;
        /// <summary>
        /// Children keyed by a word as written (a phrase matched exactly), apart from those keyed by a stem: "=лет"
        /// must not be reached by "летят", whose stem is "лет".
        /// </summary>
        public Dictionary<string, Node>? Forms;
        public List<T>? Values;

        public Node? Child(string key) =>
            Children is not null && Children.TryGetValue(key, out var next) ? next : null;

        public Node? FormChild(string key) =>
            Forms is not null && Forms.TryGetValue(key, out var next) ? next : null;

        /// <summary>The child for a key given as characters, without allocating a string for it.</summary>
        public Node? Child(ReadOnlySpan<char> key) =>
            Children is not null && Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var next) ? next : null;
    }

    public Node Root { get; } = new();

    /// <param name="forms">The keys are words as written, not stems: readers look them up by form too.</param>
    public void Add(IReadOnlyList<string> keys, T value, bool forms = false)
    {
        if (keys.Count == 0) return;
        var node = Root;
        foreach (var key in keys)
        {
            var children = forms ? node.Forms ??= new Dictionary<string, Node>(StringComparer.Ordinal)
                : node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!children.TryGetValue(key, out var next)) children[key] = next = new Node();
            node = next;
        }
        node.Values ??= [];
        node.Values.Add(value);
    }
}
