{#- Money-based rewards earned in a period with the remainder carried over
    (docs/metrics.md section 13): floor(cumulative spend through the period /
    threshold) - floor(cumulative spend before it / threshold). With a
    threshold of 35: 50 spent in January earns 1 (15 carried over), 25 more in
    February earns floor(75 / 35) - floor(50 / 35) = 1. Null when the
    threshold is null (no money-based reward). -#}
{% macro rewards_earned(cumulative_spend, previous_cumulative_spend, threshold) -%}
    (floor(({{ cumulative_spend }}) / ({{ threshold }})) - floor(({{ previous_cumulative_spend }}) / ({{ threshold }})))
{%- endmacro %}
