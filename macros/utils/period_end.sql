{% macro period_end(period_start_expression, grain=var('reporting_grain')) %}
    {%- if grain not in ('month', 'quarter', 'year') -%}
        {{ exceptions.raise_compiler_error("period_end: grain must be month, quarter or year, got '" ~ grain ~ "'") }}
    {%- endif -%}
    {%- set months = {'month': 1, 'quarter': 3, 'year': 12}[grain] -%}
    {{ loyalty.add_days(loyalty.add_months(period_start_expression, months), -1) }}
{% endmacro %}
