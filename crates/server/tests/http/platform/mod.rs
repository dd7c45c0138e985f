mod cli;
mod envelope;
mod health;
mod metrics;
mod migrations;
mod openapi;
mod security;
mod slow_clients;
