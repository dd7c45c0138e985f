mod cli;
mod demo;
mod envelope;
mod health;
mod migrations;
mod openapi;
mod web_app;
