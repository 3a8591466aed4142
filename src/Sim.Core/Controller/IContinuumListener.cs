namespace T2CSim.Core.Controller;

/// <summary>Events the world reports that are not the result of an inference.</summary>
public interface IContinuumListener
{
    /// <summary>An agent (tier) stopped answering: its deployments are lost.</summary>
    void TierLost(int tier);

    /// <summary>A lost tier's agent is back (it registered again): its slots can be used again.</summary>
    void TierRestored(int tier) { }

    /// <summary>
    /// A link of a tree is down (a scenario outage): the paths through it are cut from the position it
    /// leads to on. The chain reports a link down as the loss of the tier it leads to (TierLost).
    /// </summary>
    void LinkLost(int link) { }

    /// <summary>A link of a tree that was down carries data again.</summary>
    void LinkRestored(int link) { }
}
