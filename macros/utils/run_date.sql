{% macro run_date() -%}
    {%- set zone = modules.pytz.timezone(loyalty.reporting_timezone()) -%}
    {%- set started = run_started_at.replace(tzinfo=modules.pytz.utc) if run_started_at.tzinfo is none else run_started_at -%}
    cast('{{ started.astimezone(zone).strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}
