{% macro rewards_earned(cumulative_spend, previous_cumulative_spend, threshold) -%}
    (floor(({{ cumulative_spend }}) / ({{ threshold }})) - floor(({{ previous_cumulative_spend }}) / ({{ threshold }})))
{%- endmacro %}
