/**
 * Batch delivery of the event outbox: a {@link io.edgecv.edge.sync.SyncAgent} sends unsent events in batches to an
 * {@link io.edgecv.edge.sync.EventSink} (MQTT QoS 1 or HTTP), marks them sent only after the receiver acknowledged,
 * and retries with exponential backoff for as long as the link is down. Delivery is at least once; every event
 * carries its stable id as the idempotency key and the receiver de-duplicates by it
 * ({@link io.edgecv.edge.sync.Deduplicator}), so each event is counted exactly once.
 */
package io.edgecv.edge.sync;
