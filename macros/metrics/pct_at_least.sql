{#- Aggregate: the percentage (0-100) of scores at or above `minimum`, null
    without scores (docs/metrics.md section 7): CSAT is
    `pct_at_least(score, loyalty.setting('csat_satisfied_min'))`, the CES "easy" share
    `pct_at_least(score, loyalty.setting('ces_easy_min'))`. -#}
{% macro pct_at_least(score, minimum) -%}
    {%- if minimum is not number -%}
        {{ exceptions.raise_compiler_error("pct_at_least: minimum must be a number, got '" ~ minimum ~ "'") }}
    {%- endif -%}
    100.0 * count(case when {{ score }} >= {{ minimum }} then 1 end) / nullif(count({{ score }}), 0)
{%- endmacro %}
