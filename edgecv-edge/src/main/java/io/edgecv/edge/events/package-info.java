/**
 * The event log: a SQLite outbox (WAL, batched transactions, versioned schema, size and age cap) holding every
 * event with a stable id and a sent mark until a sink has acknowledged it.
 */
package io.edgecv.edge.events;
