package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.json.JsonSerialization;

/** Alerts as JSON on the alerts topic. */
public class AlertSerialization extends JsonSerialization<Alert> {}
