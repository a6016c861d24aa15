namespace Matching.Core.Extraction.Text;

[Flags]
internal enum TokenFlags : ushort
{
    None = 0,
    Latin = 1,
    Cyrillic = 2,
    /// <summary>Letters of a script other than Latin or Cyrillic.</summary>
    OtherScript = 4,
    HasDigit = 8,
    /// <summary>Starts with a digit ("3", "1.5" is two tokens, "100гб", "3+").</summary>
    Number = 16,
    Capitalized = 32,
    AllUpper = 64,
    /// <summary>Written with a leading dot, as in ".NET".</summary>
    LeadingDot = 128,
}

/// <summary>What separates a token from the one before it; ordered from weakest to strongest.</summary>
internal enum Gap : byte
{
    /// <summary>Nothing, or joining punctuation without blanks: "llama.cpp", "CI/CD", "R&amp;D", "docker-compose".</summary>
    Joined,
    /// <summary>Blanks only.</summary>
    Space,
    /// <summary>Punctuation that neither joins words nor ends a clause: ':', quotes, '+', markup.</summary>
    Soft,
    /// <summary>',', ';', brackets, a spaced dash.</summary>
    Clause,
    /// <summary>Sentence-final punctuation.</summary>
    Sentence,
    /// <summary>A line break.</summary>
    Line,
    /// <summary>A blank line, or the start of a range.</summary>
    Paragraph,
}

[Flags]
internal enum GapMarks : byte
{
    None = 0,
    OpenBracket = 1,
    CloseBracket = 2,
    Colon = 4,
    Dash = 8,
    Slash = 16,
    Plus = 32,
}

/// <summary>
/// One word of the text. <see cref="Start"/>/<see cref="End"/> are UTF-16 offsets into the source string;
/// <see cref="Key"/> is the lowercase form (ё as е), <see cref="Match"/> the form phrases are matched by
/// (the Snowball stem for Russian words, the key otherwise).
/// </summary>
internal struct Token
{
    public int Start;
    public int End;
    public string Key;
    public string Match;
    public TokenFlags Flags;
    public Gap Before;
    public GapMarks Marks;

    public readonly bool Is(TokenFlags flag) => (Flags & flag) != 0;
    public readonly int Length => End - Start;
}
