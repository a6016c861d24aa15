namespace Matching.Core.Extraction;

/// <summary>Where a skill was used, strongest last; it sets the base of the level.</summary>
internal enum Where : byte { None, Course, General, Familiar, List, Project, Internship, Research, Commercial }

/// <summary>Everything learnt about one mention of a skill from the words around it.</summary>
internal sealed class MentionState(SkillMatcher.Candidate candidate)
{
    public SkillMatcher.Candidate Candidate { get; } = candidate;
    public int Sentence;
    public int Clause;
    public bool ContextOk = true;
    public bool Negated;
    /// <summary>Denied without qualification ("не работал с X", not "в прод X не деплоил"): not inferred either.</summary>
    public bool DeniedOutright;
    /// <summary>A cue of the candidate's own use reached it; a negation reaching back from a later clause then qualifies instead of cancelling.</summary>
    public bool Positive;
    public double Cap = 1;
    public CueHit? CapCue;
    public Where Where;
    public CueHit? WhereCue;
    public double Strong;
    public List<CueHit>? StrongCues;
    public double Years;
    public bool Size;
    public (double Value, double Scale)? Rating;
    public bool Usage;
    public bool Exclusive;
    /// <summary>Named as someone else's work ("этим занимается DevOps"); counts only with the candidate's own use elsewhere.</summary>
    public bool ByOthers;
    /// <summary>Named as the one who does the work ("этим занимается DevOps"): a colleague, not a skill.</summary>
    public bool Agent;
    /// <summary>Named in the answer to a question about wishes; counts only with the candidate's own use.</summary>
    public bool Wished;
    public double Level;
    /// <summary>The alias is part of a role: "ML-инженеров", "data engineers".</summary>
    public bool Role;

    public bool Counts => ContextOk && !Negated && !Agent && (Positive || !ByOthers && !Wished);

    /// <summary>Said not to be the candidate's: denied outright, or named as someone else's work.</summary>
    public bool Disclaimed => ContextOk && (Negated && DeniedOutright || Agent || ByOthers && !Positive);
    public bool Hedged => Cap < 1;
}

internal sealed class Clause
{
    public int First;
    public int End;
    public int Sentence;
    public int Paragraph;
    /// <summary>Starts with a conjunction ("но", "but"): nothing spreads across it.</summary>
    public bool Conjunction;
    /// <summary>Only skills, list words and numbers: "ClickHouse", "и MongoDB", "SQLAlchemy 2.0".</summary>
    public bool Bare;
    public bool HasPronoun;
    /// <summary>How deep in brackets: an aside "(pytest)" is skipped when a later clause looks back for its skill.</summary>
    public int Depth;
    public bool HasNegative;
    public bool HasOthers;
    /// <summary>Only cue words and particles, no object of its own: "так и не использовали", "I don't touch it".</summary>
    public bool BarePredicate;
    /// <summary>Every skill in it names a role: "это зона ML-инженеров".</summary>
    public bool AllRoles = true;
    public readonly List<int> Mentions = [];
    public readonly List<CueHit> Cues = [];
}
