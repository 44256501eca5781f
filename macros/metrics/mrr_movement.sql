{#- MRR movement class of docs/metrics.md section 11. The branches are ordered so that a
    drop to zero is churn (not contraction) and a return from zero is new or
    reactivation (not expansion). -#}
{% macro mrr_movement(previous_mrr, mrr, had_mrr_before) -%}
    case
        when {{ previous_mrr }} = 0 and {{ mrr }} > 0 and not {{ had_mrr_before }} then 'new'
        when {{ previous_mrr }} = 0 and {{ mrr }} > 0 then 'reactivation'
        when {{ previous_mrr }} > 0 and {{ mrr }} = 0 then 'churn'
        when {{ previous_mrr }} > 0 and {{ mrr }} > {{ previous_mrr }} then 'expansion'
        when {{ previous_mrr }} > 0 and {{ mrr }} < {{ previous_mrr }} then 'contraction'
        else 'unchanged'
    end
{%- endmacro %}
