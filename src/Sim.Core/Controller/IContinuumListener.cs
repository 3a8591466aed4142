namespace T2CSim.Core.Controller;

/// <summary>Events the world reports that are not the result of an inference.</summary>
public interface IContinuumListener
{
    /// <summary>An agent (tier) stopped answering: its deployments are lost.</summary>
    void TierLost(int tier);

    /// <summary>A lost tier's agent is back (it registered again): its slots can be used again.</summary>
    void TierRestored(int tier) { }
}
