package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.alert.Alert;

/** Alerts as JSON on the alerts topic. */
public class AlertSerialization extends JsonSerialization<Alert> {}
