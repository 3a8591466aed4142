namespace T2CSim.Core.Controller;

/// <summary>How a request came to run on a deployment.</summary>
public enum Attachment { None, Planned, Hitchhiked }
