{#- The UTC calendar date on which this dbt invocation started, as a date
    literal: "the day the build runs" of docs/metrics.md section 2 (future events). -#}
{% macro run_date() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}
