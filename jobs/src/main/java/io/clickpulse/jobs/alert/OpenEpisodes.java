package io.clickpulse.jobs.alert;

/**
 * A subject's open runs, at most one per {@link Episode}: one state value per subject, read once
 * per minute, and only there while a run is open.
 */
public class OpenEpisodes {
  public OpenEpisode spike;
  public OpenEpisode drop;
  public OpenEpisode brokenRedirect;

  public OpenEpisodes() {}

  OpenEpisode get(Episode episode) {
    return switch (episode) {
      case SPIKE -> spike;
      case DROP -> drop;
      case BROKEN_REDIRECT -> brokenRedirect;
    };
  }

  void set(Episode episode, OpenEpisode open) {
    switch (episode) {
      case SPIKE -> spike = open;
      case DROP -> drop = open;
      case BROKEN_REDIRECT -> brokenRedirect = open;
    }
  }

  boolean isEmpty() {
    return spike == null && drop == null && brokenRedirect == null;
  }
}
